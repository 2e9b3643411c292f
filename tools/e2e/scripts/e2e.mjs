#!/usr/bin/env node
/**
 * `pnpm e2e [--filter <intervention-id|case-name>]... [--openclaw <version>|all] [--necessity [--docs]]
 *   [--shard i/n] [--cold] [--no-build] [--timings FILE]`, or `… --plan [--openclaw <version>]`; `--help` prints HELP
 * Builds what the cases consume (image context + config generator; a turbo cache hit when unchanged), then runs
 * every discovered case with vitest (vitest.e2e.config.ts). Filters are exact intervention ids or case names.
 * From OpenClaw 2026.9 on, three cases or more run as one batch through one OpenClaw gateway
 * (src/launcher/gateway-runner.ts); `--cold` runs each case with a cold OpenClaw of its own instead (as fewer cases
 * and older releases always do, see src/prepare-run.ts), with the same launcher and checks.
 * `--timings FILE` writes the suite's wall time and every case's phases to FILE as JSON (`pnpm bench` reports them
 * beside the baselines it times itself, tools/bench/src/baselines).
 * `--openclaw` runs the cases on one supported release (root package.json `openclawReleases`), or on each in turn
 * with `all`; the default is the newest. `--necessity` also runs every positive case with its intervention left
 * out and writes the lifecycle table (lifecycle.json, lifecycle.md) into the artefacts folder; `--docs` then
 * replaces the table in docs/openclaw-releases.md between its lifecycle markers.
 * `--shard i/n` runs only the interventions of shard i of n (whole interventions, balanced by case count), for a
 * CI matrix. `--plan` only writes every intervention's e2e plan (src/plan.ts) for one release, after the same build: what
 * turbo hashes for the interventions' cached `e2e` tasks (turbo.json).
 * `--lifecycle-from PATH...` runs no case: it merges the necessity runs earlier jobs recorded (each PATH an
 * artefacts folder or its necessity-runs.jsonl; the nightly shards') into one lifecycle table, `--docs` included.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const e2eRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = resolve(e2eRoot, "..", "..");

const USAGE =
  "usage: pnpm e2e [--filter <intervention-id|case-name>]... [--openclaw <version>|all] [--necessity [--docs]] [--shard i/n] [--cold] [--no-build] [--timings FILE]\n       pnpm e2e --plan [--openclaw <version>] [--no-build]\n       pnpm e2e --lifecycle-from <artefacts-dir|necessity-runs.jsonl>... [--docs] [--no-build]";
const LIFECYCLE_DOC = join(repoRoot, "docs", "openclaw-releases.md");
const LIFECYCLE_START = "<!-- lifecycle:start (pnpm e2e --necessity --openclaw all --docs) -->";
const LIFECYCLE_END = "<!-- lifecycle:end -->";
const RELEASES = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")).openclawReleases;
/** `--help`: the usage, then what each flag does (docs/e2e.md has the rest). */
const HELP = `${USAGE}

Builds what the cases consume (a turbo cache hit when nothing changed), then runs every intervention's e2e cases on
the real OpenClaw. Cases are discovered in the workspace; see docs/e2e.md.

  --filter ID|CASE      only this intervention's cases, or this one case (exact names; repeatable)
  --openclaw VERSION    one supported OpenClaw release (${RELEASES.join(", ")}; default the newest), or all: each in turn
  --cold                every case with a cold OpenClaw of its own (no batch through one gateway)
  --necessity           also run each positive case without its intervention; writes the lifecycle table
  --docs                with --necessity --openclaw all (or --lifecycle-from): write that table into docs/openclaw-releases.md
  --shard i/n           only the interventions of shard i of n (whole interventions, balanced by case count)
  --timings FILE        write the suite's wall time and every case's phases to FILE (pnpm bench reads it)
  --no-build            skip the build step (what the cases read must be built already)
  --plan                run no case: write each intervention's e2e plan (what turbo hashes for its cached e2e task)
  --lifecycle-from P... run no case: merge the necessity runs earlier jobs recorded into one lifecycle table
  --help, -h            this text`;
const filters = [];
let build = true;
let cold = false;
let timingsFile;
let openclaw;
let necessity = false;
let docs = false;
let plan = false;
let shard;
const lifecycleFrom = [];
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === "--") continue;
  if (arg === "--help" || arg === "-h") {
    console.log(HELP);
    process.exit(0);
  }
  if (arg === "--no-build") build = false;
  else if (arg === "--cold") cold = true;
  else if (arg === "--necessity") necessity = true;
  else if (arg === "--plan") plan = true;
  else if (arg === "--shard") shard = args[++i] ?? "";
  else if (arg.startsWith("--shard=")) shard = arg.slice("--shard=".length);
  else if (arg === "--docs") docs = true;
  else if (arg === "--lifecycle-from") lifecycleFrom.push(args[++i] ?? "");
  else if (arg === "--filter") filters.push(args[++i] ?? "");
  else if (arg.startsWith("--filter=")) filters.push(arg.slice("--filter=".length));
  else if (arg === "--timings") timingsFile = resolve(args[++i] ?? "");
  else if (arg === "--openclaw") openclaw = args[++i] ?? "";
  else if (arg.startsWith("--openclaw=")) openclaw = arg.slice("--openclaw=".length);
  else {
    console.error(`e2e: unknown argument ${arg}\n${USAGE}`);
    process.exit(64);
  }
}
if (filters.some((f) => !f) || lifecycleFrom.some((f) => !f) || timingsFile === resolve("")) {
  console.error(`e2e: --filter, --lifecycle-from and --timings need a value\n${USAGE}`);
  process.exit(64);
}
if (openclaw !== undefined && openclaw !== "all" && !RELEASES.includes(openclaw)) {
  console.error(
    `e2e: --openclaw ${openclaw} is not a supported release (${RELEASES.join(", ")}, or all)\n${USAGE}`,
  );
  process.exit(64);
}
const merging = lifecycleFrom.length > 0;
// e2e-affected.mjs asks which e2e tasks miss the cache: turbo runs only those, read-only, and each names its hash
// and folder instead of running its cases.
if (process.env.E2E_PROBE && process.env.TURBO_HASH && filters.length === 1 && !plan && !merging) {
  mkdirSync(process.env.E2E_PROBE, { recursive: true });
  const probe = { id: filters[0], hash: process.env.TURBO_HASH, dir: process.cwd() };
  writeFileSync(join(process.env.E2E_PROBE, `${filters[0]}.json`), `${JSON.stringify(probe)}\n`);
  process.exit(0);
}
// pnpm test ran this intervention's cases already, in one run with every other missed one (e2e-affected.mjs), and
// left the outcome under the hash turbo gives this very task: report it instead of running the cases again.
if (process.env.E2E_REUSE === "1" && process.env.TURBO_HASH && filters.length === 1 && !plan && !merging) {
  const file = join(process.cwd(), ".e2e-result.json");
  const outcome = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined;
  if (outcome?.hash === process.env.TURBO_HASH) {
    for (const c of outcome.cases)
      console.log(`e2e: ${c.status === "failed" ? "FAILED" : c.status} ${c.name}`);
    console.log(
      `e2e: ${filters[0]}: ${outcome.ok ? "passed" : "FAILED"} in pnpm test's one e2e run (its log is above)`,
    );
    process.exit(outcome.ok ? 0 : 1);
  }
}
if (
  merging &&
  (necessity || plan || shard !== undefined || timingsFile || openclaw !== undefined || filters.length > 0)
) {
  console.error(
    `e2e: --lifecycle-from only merges the runs earlier jobs recorded; it runs no case\n${USAGE}`,
  );
  process.exit(64);
}
if (docs && !merging && (!necessity || openclaw !== "all" || filters.length > 0)) {
  console.error(
    `e2e: --docs writes the whole table: pass --necessity --openclaw all and no --filter\n${USAGE}`,
  );
  process.exit(64);
}
// The shard itself is checked by the runner (src/shard.ts parseShard), which says what is wrong with it.
if (shard !== undefined && (docs || plan || timingsFile)) {
  console.error(
    `e2e: --shard runs part of the cases; --docs, --plan and --timings need all of them\n${USAGE}`,
  );
  process.exit(64);
}
if (plan && (openclaw === "all" || necessity || timingsFile || filters.length > 0)) {
  console.error(`e2e: --plan writes the plans of every intervention for one release\n${USAGE}`);
  process.exit(64);
}
if (openclaw === "all" && timingsFile) {
  console.error(`e2e: --timings times one release; pass --openclaw <version>\n${USAGE}`);
  process.exit(64);
}
const releases = openclaw === "all" ? RELEASES : [openclaw ?? RELEASES.at(-1)];

function run(cmd, cmdArgs, options) {
  const result = spawnSync(cmd, cmdArgs, { stdio: "inherit", ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

if (build) {
  const status = run(
    join(repoRoot, "node_modules", ".bin", "turbo"),
    [
      "run",
      "build",
      "--filter=@model-setup/image-context",
      "--filter=@model-setup/openclaw-config",
      "--filter=@model-setup/e2e",
      "--output-logs=errors-only",
    ],
    { cwd: repoRoot },
  );
  if (status !== 0) process.exit(status);
}

if (plan) {
  const status = run(
    join(repoRoot, "node_modules", ".bin", "vitest"),
    ["run", "--config", "vitest.plan.config.ts"],
    { cwd: e2eRoot, env: { ...process.env, E2E_OPENCLAW: releases[0] } },
  );
  process.exit(status);
}

if (merging) {
  const { mergeNecessityRuns, NECESSITY_RUNS_FILE } = await import(join(e2eRoot, "dist", "necessity.js"));
  const sources = [];
  for (const given of lifecycleFrom) {
    const path = resolve(given);
    const file = existsSync(path) && statSync(path).isDirectory() ? join(path, NECESSITY_RUNS_FILE) : path;
    if (!existsSync(file)) {
      console.error(
        `e2e: ${file} does not exist; pass the artefacts folder of a pnpm e2e --necessity run, or its ${NECESSITY_RUNS_FILE}`,
      );
      process.exit(2);
    }
    sources.push(file);
  }
  let records;
  try {
    const parts = [];
    for (const source of sources) parts.push({ source, records: await readJsonLinesOf(source) });
    records = mergeNecessityRuns(parts);
  } catch (error) {
    console.error(`e2e: ${error.message}`);
    process.exit(2);
  }
  const recorded = new Set(records.map((r) => r.release));
  const unknown = [...recorded].filter((r) => !RELEASES.includes(r));
  if (unknown.length > 0) {
    console.error(`e2e: runs on ${unknown.join(", ")}, not a supported release (${RELEASES.join(", ")})`);
    process.exit(2);
  }
  const missing = RELEASES.filter((r) => !recorded.has(r));
  if (docs && missing.length > 0) {
    console.error(`e2e: --docs writes the whole table, and no run on ${missing.join(", ")} was given`);
    process.exit(2);
  }
  const tableReleases = RELEASES.filter((r) => recorded.has(r));
  process.exit((await writeLifecycle(records, tableReleases, docs)) ? 0 : 1);
}

/** The harness's JSON-lines reader (built by the build step above, or by `pnpm test`'s build). */
async function readJsonLinesOf(file) {
  const { readJsonLines } = await import(join(e2eRoot, "dist", "json-lines.js"));
  return readJsonLines(file);
}

const linesDir = timingsFile ? mkdtempSync(join(tmpdir(), "model-setup-e2e-timings-")) : undefined;
const linesFile = linesDir ? join(linesDir, "cases.jsonl") : "";
const necessityDir = necessity ? mkdtempSync(join(tmpdir(), "model-setup-e2e-necessity-")) : undefined;
const necessityFile = necessityDir ? join(necessityDir, "runs.jsonl") : "";
const started = Date.now();
let status = 0;
for (const release of releases) {
  const releaseStarted = Date.now();
  const releaseStatus = run(
    join(repoRoot, "node_modules", ".bin", "vitest"),
    ["run", "--config", "vitest.e2e.config.ts"],
    {
      cwd: e2eRoot,
      env: {
        ...process.env,
        E2E_FILTER: filters.join(","),
        E2E_OPENCLAW: release,
        ...(shard ? { E2E_SHARD: shard } : {}),
        ...(cold ? { E2E_COLD: "1" } : {}),
        ...(linesDir ? { E2E_TIMINGS_FILE: linesFile } : {}),
        ...(necessityDir ? { E2E_NECESSITY: "1", E2E_NECESSITY_FILE: necessityFile } : {}),
      },
    },
  );
  const seconds = ((Date.now() - releaseStarted) / 1000).toFixed(1);
  console.log(`e2e: OpenClaw ${release}: ${releaseStatus === 0 ? "passed" : "FAILED"} in ${seconds} s`);
  if (releaseStatus !== 0) status = releaseStatus;
}
if (timingsFile && linesDir) {
  const suiteMs = Date.now() - started;
  const lines = await readJsonLinesOf(linesFile);
  const cases = lines.filter((line) => line.case !== undefined);
  const batches = lines.filter((line) => line.batch !== undefined).map((line) => line.batch);
  const report = {
    machine: { cpus: availableParallelism() },
    concurrency: process.env.E2E_CONCURRENCY || null,
    suiteMs,
    suiteStatus: status,
    cases,
    batches,
  };
  writeFileSync(timingsFile, `${JSON.stringify(report, null, 2)}\n`);
  rmSync(linesDir, { recursive: true, force: true });
  console.log(`e2e: ${cases.length} case(s) in ${(suiteMs / 1000).toFixed(1)} s; timings: ${timingsFile}`);
}
/** Writes lifecycle.{json,md} and the raw runs into the artefacts folder and, with --docs, the table into the docs. */
async function writeLifecycle(records, tableReleases, toDocs) {
  const { lifecycleOf, lifecycleMarkdown, NECESSITY_RUNS_FILE } = await import(
    join(e2eRoot, "dist", "necessity.js")
  );
  const { ARTIFACTS_ROOT } = await import(join(e2eRoot, "dist", "paths.js"));
  const lifecycle = lifecycleOf(records, tableReleases);
  const markdown = lifecycleMarkdown(lifecycle);
  mkdirSync(ARTIFACTS_ROOT, { recursive: true });
  writeFileSync(join(ARTIFACTS_ROOT, "lifecycle.json"), `${JSON.stringify(lifecycle, null, 2)}\n`);
  writeFileSync(join(ARTIFACTS_ROOT, "lifecycle.md"), markdown);
  const { writeJsonLines } = await import(join(e2eRoot, "dist", "json-lines.js"));
  writeJsonLines(join(ARTIFACTS_ROOT, NECESSITY_RUNS_FILE), records);
  console.log(
    `e2e: lifecycle table (${records.length} runs): ${join(ARTIFACTS_ROOT, "lifecycle.md")}\n${markdown}`,
  );
  if (!toDocs) return true;
  const { replaceMarkedBlock } = await import("@model-setup/manifest");
  const text = readFileSync(LIFECYCLE_DOC, "utf8");
  const updated = replaceMarkedBlock(text, LIFECYCLE_START, LIFECYCLE_END, markdown);
  if (updated === undefined) {
    console.error(`e2e: ${LIFECYCLE_DOC} has no ${LIFECYCLE_START} … ${LIFECYCLE_END} block`);
    return false;
  }
  writeFileSync(LIFECYCLE_DOC, updated);
  // The repository's formatter pads table columns; keep the file as `pnpm test` (biome ci) expects it.
  run(join(repoRoot, "node_modules", ".bin", "biome"), ["format", "--write", LIFECYCLE_DOC], {
    cwd: repoRoot,
  });
  console.log(`e2e: lifecycle table updated in ${LIFECYCLE_DOC}`);
  return true;
}

if (necessityDir) {
  const records = await readJsonLinesOf(necessityFile);
  rmSync(necessityDir, { recursive: true, force: true });
  if (!(await writeLifecycle(records, releases, docs && status === 0))) process.exit(1);
}
process.exit(status);
