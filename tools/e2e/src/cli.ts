/**
 * `pnpm e2e` (scripts/e2e.mjs runs this built file): builds what the cases consume (image context, config generator,
 * this harness; a turbo cache hit when unchanged), then runs the discovered cases with vitest
 * (vitest.e2e.config.ts) on each asked release, handing the runner one {@link RunnerOptions} value. `--plan` writes
 * the interventions' e2e plans instead; `--lifecycle-from` merges earlier necessity runs into the lifecycle table.
 * Exit 64 for a bad command line (with the usage), 2 for a bad input file, else the runs' status.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { OPENCLAW_RELEASES, replaceMarkedBlock } from "@model-setup/manifest";
import {
  type E2ECommand,
  helpText,
  parseCommand,
  RUNNER_OPTIONS_ENV,
  type RunCommand,
  type RunnerOptions,
  USAGE,
} from "./cli-options.js";
import { readJsonLines, writeJsonLines } from "./json-lines.js";
import {
  lifecycleMarkdown,
  lifecycleOf,
  mergeNecessityRuns,
  NECESSITY_RUNS_FILE,
  type NecessityRecord,
} from "./necessity.js";
import { ARTIFACTS_ROOT, E2E_ROOT, REPO_ROOT } from "./paths.js";
import type { BatchTimingRecord, CaseTimingRecord, TimingReport } from "./timings.js";

const LIFECYCLE_DOC = join(REPO_ROOT, "docs", "openclaw-releases.md");
const LIFECYCLE_START = "<!-- lifecycle:start (pnpm e2e --necessity --openclaw all --docs) -->";
const LIFECYCLE_END = "<!-- lifecycle:end -->";
const bin = (name: string) => join(REPO_ROOT, "node_modules", ".bin", name);

function run(cmd: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): number {
  const result = spawnSync(cmd, args, { stdio: "inherit", ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function fail(message: string, code: number): never {
  console.error(`e2e: ${message}`);
  process.exit(code);
}

/**
 * In a turbo `e2e` task with one `--filter` (an intervention's): `E2E_PROBE` only names the task's hash and folder
 * (e2e-affected.mjs asks which tasks miss the cache), and `E2E_REUSE` reports the outcome `pnpm test`'s one e2e run
 * left under this very hash instead of running the cases again. Exits when either applies.
 */
function answerForTurbo(command: RunCommand): void {
  const hash = process.env.TURBO_HASH;
  const [id] = command.filters;
  if (!hash || command.filters.length !== 1 || !id) return;
  if (process.env.E2E_PROBE) {
    mkdirSync(process.env.E2E_PROBE, { recursive: true });
    const probe = { id, hash, dir: process.cwd() };
    writeFileSync(join(process.env.E2E_PROBE, `${id}.json`), `${JSON.stringify(probe)}\n`);
    process.exit(0);
  }
  if (process.env.E2E_REUSE !== "1") return;
  const file = join(process.cwd(), ".e2e-result.json");
  const outcome = existsSync(file)
    ? (JSON.parse(readFileSync(file, "utf8")) as {
        hash: string;
        ok: boolean;
        cases: { name: string; status: string }[];
      })
    : undefined;
  if (outcome?.hash !== hash) return;
  for (const c of outcome.cases) console.log(`e2e: ${c.status === "failed" ? "FAILED" : c.status} ${c.name}`);
  console.log(
    `e2e: ${id}: ${outcome.ok ? "passed" : "FAILED"} in pnpm test's one e2e run (its log is above)`,
  );
  process.exit(outcome.ok ? 0 : 1);
}

function buildInputs(): void {
  const filters = ["@model-setup/image-context", "@model-setup/openclaw-config", "@model-setup/e2e"];
  const args = ["run", "build", ...filters.map((f) => `--filter=${f}`), "--output-logs=errors-only"];
  const status = run(bin("turbo"), args, { cwd: REPO_ROOT });
  if (status !== 0) process.exit(status);
}

/** Writes lifecycle.{json,md} and the raw runs into the artefacts folder and, with `toDocs`, the table into the docs. */
function writeLifecycle(records: NecessityRecord[], releases: readonly string[], toDocs: boolean): boolean {
  const lifecycle = lifecycleOf(records, [...releases]);
  const markdown = lifecycleMarkdown(lifecycle);
  mkdirSync(ARTIFACTS_ROOT, { recursive: true });
  writeFileSync(join(ARTIFACTS_ROOT, "lifecycle.json"), `${JSON.stringify(lifecycle, null, 2)}\n`);
  writeFileSync(join(ARTIFACTS_ROOT, "lifecycle.md"), markdown);
  writeJsonLines(join(ARTIFACTS_ROOT, NECESSITY_RUNS_FILE), records);
  console.log(
    `e2e: lifecycle table (${records.length} runs): ${join(ARTIFACTS_ROOT, "lifecycle.md")}\n${markdown}`,
  );
  if (!toDocs) return true;
  const updated = replaceMarkedBlock(
    readFileSync(LIFECYCLE_DOC, "utf8"),
    LIFECYCLE_START,
    LIFECYCLE_END,
    markdown,
  );
  if (updated === undefined) {
    console.error(`e2e: ${LIFECYCLE_DOC} has no ${LIFECYCLE_START} … ${LIFECYCLE_END} block`);
    return false;
  }
  writeFileSync(LIFECYCLE_DOC, updated);
  // The repository's formatter pads table columns; keep the file as `pnpm test` (biome ci) expects it.
  run(bin("biome"), ["format", "--write", LIFECYCLE_DOC], { cwd: REPO_ROOT });
  console.log(`e2e: lifecycle table updated in ${LIFECYCLE_DOC}`);
  return true;
}

function merge(sources: string[], docs: boolean): number {
  const files = sources.map((given) => {
    const path = resolve(given);
    const file = existsSync(path) && statSync(path).isDirectory() ? join(path, NECESSITY_RUNS_FILE) : path;
    if (!existsSync(file))
      fail(
        `${file} does not exist; pass the artefacts folder of a pnpm e2e --necessity run, or its ${NECESSITY_RUNS_FILE}`,
        2,
      );
    return file;
  });
  let records: NecessityRecord[];
  try {
    records = mergeNecessityRuns(
      files.map((source) => ({ source, records: readJsonLines<NecessityRecord>(source) })),
    );
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error), 2);
  }
  const recorded = new Set(records.map((r) => r.release));
  const unknown = [...recorded].filter((r) => !OPENCLAW_RELEASES.includes(r));
  if (unknown.length > 0)
    fail(`runs on ${unknown.join(", ")}, not a supported release (${OPENCLAW_RELEASES.join(", ")})`, 2);
  const missing = OPENCLAW_RELEASES.filter((r) => !recorded.has(r));
  if (docs && missing.length > 0)
    fail(`--docs writes the whole table, and no run on ${missing.join(", ")} was given`, 2);
  return writeLifecycle(
    records,
    OPENCLAW_RELEASES.filter((r) => recorded.has(r)),
    docs,
  )
    ? 0
    : 1;
}

function runCases(command: RunCommand): number {
  const scratch = mkdtempSync(join(tmpdir(), "model-setup-e2e-run-"));
  const timingsLines = join(scratch, "timings.jsonl");
  const necessityFile = join(scratch, "necessity.jsonl");
  const started = Date.now();
  let status = 0;
  try {
    for (const release of command.releases) {
      const options: RunnerOptions = {
        release,
        filters: command.filters,
        ...(command.shard === undefined ? {} : { shard: command.shard }),
        cold: command.cold || process.env.E2E_COLD === "1",
        ...(command.timingsFile ? { timingsFile: timingsLines } : {}),
        ...(command.necessity ? { necessityFile } : {}),
      };
      const releaseStarted = Date.now();
      const env = { ...process.env, [RUNNER_OPTIONS_ENV]: JSON.stringify(options) };
      const releaseStatus = run(bin("vitest"), ["run", "--config", "vitest.e2e.config.ts"], {
        cwd: E2E_ROOT,
        env,
      });
      const seconds = ((Date.now() - releaseStarted) / 1000).toFixed(1);
      console.log(`e2e: OpenClaw ${release}: ${releaseStatus === 0 ? "passed" : "FAILED"} in ${seconds} s`);
      if (releaseStatus !== 0) status = releaseStatus;
    }
    if (command.timingsFile) writeTimings(command.timingsFile, timingsLines, Date.now() - started, status);
    if (command.necessity) {
      const records = readJsonLines<NecessityRecord>(necessityFile);
      if (!writeLifecycle(records, command.releases, command.docs && status === 0)) return 1;
    }
    return status;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function writeTimings(file: string, linesFile: string, suiteMs: number, suiteStatus: number): void {
  const lines = readJsonLines<Partial<CaseTimingRecord & BatchTimingRecord>>(linesFile);
  const report: TimingReport = {
    machine: { cpus: availableParallelism() },
    concurrency: process.env.E2E_CONCURRENCY || null,
    suiteMs,
    suiteStatus,
    cases: lines.filter((line): line is CaseTimingRecord => line.case !== undefined),
    batches: lines.flatMap((line) => (line.batch ? [line.batch] : [])),
  };
  writeFileSync(resolve(file), `${JSON.stringify(report, null, 2)}\n`);
  console.log(
    `e2e: ${report.cases.length} case(s) in ${(suiteMs / 1000).toFixed(1)} s; timings: ${resolve(file)}`,
  );
}

function execute(command: E2ECommand): number {
  if (command.kind === "help") {
    console.log(helpText(OPENCLAW_RELEASES));
    return 0;
  }
  if (command.kind === "run") answerForTurbo(command);
  if (command.build) buildInputs();
  if (command.kind === "merge") return merge(command.sources, command.docs);
  if (command.kind === "plan") {
    const options: RunnerOptions = { release: command.release, filters: [], cold: false };
    const env = { ...process.env, [RUNNER_OPTIONS_ENV]: JSON.stringify(options) };
    return run(bin("vitest"), ["run", "--config", "vitest.plan.config.ts"], { cwd: E2E_ROOT, env });
  }
  return runCases(command);
}

const parsed = parseCommand(process.argv.slice(2), OPENCLAW_RELEASES, process.env.E2E_OPENCLAW || undefined);
if ("error" in parsed) fail(`${parsed.error}\n${USAGE}`, 64);
process.exit(execute(parsed.command));
