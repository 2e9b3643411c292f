/**
 * Runs every e2e case the interventions own (discovered through the workspace) on one OpenClaw release, with the one
 * options value `pnpm e2e` (src/cli.ts) hands it in `E2E_RUN` (src/cli-options.ts; without it, every case on the
 * newest release), against an image context built for that release. From 2026.9 on, three cases or more run as one
 * batch through one OpenClaw gateway (src/launcher/gateway-runner.ts); fewer, cold ones (`pnpm e2e --cold`), or on
 * older releases, each case runs its own cold OpenClaw, concurrently, in its own namespaces and temp folder. Filters
 * narrow to intervention ids / case names, a shard (`i/n`) to the interventions of one shard (src/shard.ts). Zero
 * cases is a failure. With a necessity file (pnpm e2e --necessity) every positive case also runs with its
 * intervention left out of the context, and both outcomes are recorded (src/necessity.ts).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NEWEST_OPENCLAW_RELEASE, needsShapingPlugin, SHAPING_PLUGIN_ID } from "@model-setup/manifest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildContext } from "../src/build-context.js";
import type { E2ECase } from "../src/case.js";
import { assertKnownIssue, assertRunHealthy } from "../src/checks.js";
import { runnerOptionsFrom } from "../src/cli-options.js";
import { writeNotRunConversation } from "../src/conversation.js";
import { explainFailure } from "../src/diagnosis.js";
import { appendJsonLine } from "../src/json-lines.js";
import { caseMode, isPositive, type LoadedCase, loadCases } from "../src/load-cases.js";
import { failureDetail, type NecessityRecord } from "../src/necessity.js";
import { ARTIFACTS_ROOT, REPO_ROOT, requireInputs } from "../src/paths.js";
import { runsAsBatch } from "../src/prepare-run.js";
import { executeCase, executeRun, type RunOutcome, runTimeoutMs } from "../src/run-case.js";
import type { E2ERun } from "../src/run-result.js";
import { casesOfShard, parseShard } from "../src/shard.js";
import { ARTIFACT_FILES } from "../src/spec.js";
import { formatTimings, recordBatchTimings, recordTimings } from "../src/timings.js";

requireInputs();
const options = runnerOptionsFrom(process.env, NEWEST_OPENCLAW_RELEASE);
const { release } = options;
const necessity = options.necessityFile !== undefined;
const shard = options.shard ? parseShard(options.shard) : undefined;
if (options.shard && !shard) throw new Error(`--shard ${options.shard} is not i/n with 1 <= i <= n`);
const loadedCases = await loadCases(REPO_ROOT, options.filters.join(","), release);
const cases = shard ? casesOfShard(loadedCases, shard) : loadedCases;

const scratch = mkdtempSync(join(tmpdir(), "model-setup-e2e-contexts-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const contexts = new Map<string, Promise<string>>();
/**
 * The image context for this release, optionally without one intervention. The newest release's full context is
 * the one `pnpm turbo build` assembled; the others are built here once and shared by the cases.
 */
function contextFor(without?: string): Promise<string | undefined> {
  if (without === undefined && release === NEWEST_OPENCLAW_RELEASE) return Promise.resolve(undefined);
  const key = without ?? "";
  let built = contexts.get(key);
  if (!built) {
    const outDir = join(scratch, without === undefined ? "all" : `without-${without}`);
    built = buildContext(REPO_ROOT, outDir, { openclaw: release, without: without ? [without] : [] });
    contexts.set(key, built);
  }
  return built;
}

const runnable = cases
  .filter(({ case: c }) => ["run", "known-issue"].includes(caseMode(c, release)))
  .map((l) => l.case);
const batched = !options.cold && runsAsBatch(release, runnable.length);
const batchCases = batched ? runnable : [];
let batch: RunOutcome | undefined;
// The whole batch runs before the first case is judged: the launcher's own limit, and the preparation on top.
const batchHookTimeoutMs = runTimeoutMs(batchCases) + 300_000;
beforeAll(async () => {
  if (batchCases.length === 0) return;
  const contextDir = await contextFor();
  batch = await executeRun(batchCases, { openclaw: release, contextDir, gateway: true });
  const { startMs, launchMs, prepareMs } = batch.timings;
  recordBatchTimings(options.timingsFile, {
    cases: batchCases.length,
    prepareMs,
    gatewayStartMs: startMs,
    launchMs,
  });
  console.log(
    `batch of ${batchCases.length} cases: prepare ${prepareMs} ms, gateway start ${startMs} ms, launcher ${launchMs} ms`,
  );
}, batchHookTimeoutMs);

/** The case's run: its part of the batch, or a cold run of its own. */
async function runOf(c: E2ECase): Promise<E2ERun> {
  if (!batched) return executeCase(c, { openclaw: release, contextDir: await contextFor() });
  const run = batch?.runs.get(c.name);
  if (!run) throw new Error(`${c.name}: the batch has no run of this case`);
  if (run instanceof Error) throw run;
  return run;
}

function record(
  loaded: LoadedCase,
  run: NecessityRecord["run"],
  outcome: Pick<NecessityRecord, "passed" | "detail" | "knownIssue">,
) {
  if (!options.necessityFile) return;
  const record = { release, intervention: loaded.manifest.id, case: loaded.case.name, run, ...outcome };
  appendJsonLine(options.necessityFile, record);
}

/** Runs `check`, records its outcome for the necessity table when asked, and fails the test as `check` does. */
async function recorded(loaded: LoadedCase, check: () => Promise<void>): Promise<void> {
  if (!necessity || !isPositive(loaded, release)) return check();
  try {
    await check();
    record(loaded, "with", { passed: true });
  } catch (error) {
    record(loaded, "with", { passed: false, detail: failureDetail(error, loaded.case.name) });
    throw error;
  }
}

/** Runs a case's own assertions; a failure names its cause first (diagnosis.ts). */
async function explained(name: string, run: E2ERun, check: () => void | Promise<void>): Promise<void> {
  try {
    await check();
  } catch (error) {
    throw explainFailure(error, run.artifactsDir, name);
  }
}

describe(`e2e cases on the real openclaw ${release}`, () => {
  it("found cases to run", () => {
    expect(
      cases.length,
      `no e2e case matched --filter ${options.filters.join(" --filter ")}`,
    ).toBeGreaterThan(0);
  });

  for (const loaded of cases) {
    const { case: c } = loaded;
    const mode = caseMode(c, release);
    if (mode === "todo") {
      it.todo(`${c.name} (todo: ${c.todo})`);
      continue;
    }
    if (mode === "not-applicable") {
      // Its page says so; the folder's other files (another release's run) stay.
      const why = `not applicable on OpenClaw ${release} (its range is ${c.openclaw})`;
      const page = writeNotRunConversation(join(ARTIFACTS_ROOT, c.name), c.name, why);
      console.log(`${c.name}: ${why} ${page}`);
      continue;
    }
    it.concurrent(c.name, async () => {
      // Every case line ends with its conversation page (conversation.ts), passing or failing.
      const page = join(ARTIFACTS_ROOT, c.name, ARTIFACT_FILES.conversation);
      let run: E2ERun | undefined;
      try {
        run = await runOf(c);
        const loadedRun = run;
        if (mode === "known-issue") {
          await assertKnownIssue(c, loadedRun);
          if (necessity && isPositive(loaded, release)) {
            record(loaded, "with", {
              passed: false,
              knownIssue: true,
              detail: `known issue: ${c.knownIssue?.summary ?? ""}`,
            });
          }
        } else {
          await recorded(loaded, async () => {
            assertRunHealthy(c, loadedRun);
            await explained(c.name, loadedRun, () => c.assert(loadedRun));
          });
        }
        const note = mode === "known-issue" ? " (known issue reproduced)" : "";
        console.log(`${c.name}${note}: ${formatTimings(loadedRun.timings)} ${page}`);
        recordTimings(options.timingsFile, c.name, loadedRun.timings);
      } catch (error) {
        console.log(`${c.name}: FAILED${run ? ` ${formatTimings(run.timings)}` : ""} ${page}`);
        throw error;
      }
    });

    if (necessity && mode === "run" && isPositive(loaded, release) && c.necessity !== false) {
      const judge = c.necessity ?? c.assert;
      it.concurrent(`${c.name} without ${loaded.manifest.id}`, async () => {
        const own = new Set(loaded.manifest.effects.openclawPlugins?.map((plugin) => plugin.id));
        // The shared shaping plugin goes with it too (no other intervention on a case's route needs it yet;
        // one that did would keep it loaded, and the run checks would say so).
        if (needsShapingPlugin(loaded.manifest.effects)) own.add(SHAPING_PLUGIN_ID);
        const twin: E2ECase = { ...c, plugins: c.plugins.filter((id) => !own.has(id)) };
        const run = await executeCase(twin, {
          openclaw: release,
          contextDir: await contextFor(loaded.manifest.id),
          label: `${c.name}--without`,
        });
        // Only the case's verdict is data here; a harness failure (executeCase throwing) still fails the test.
        try {
          assertRunHealthy(twin, run);
          await explained(twin.name, run, () => judge(run));
          record(loaded, "without", { passed: true });
        } catch (error) {
          record(loaded, "without", { passed: false, detail: failureDetail(error, loaded.case.name) });
        }
        const page = join(run.artifactsDir, ARTIFACT_FILES.conversation);
        console.log(`${c.name} without ${loaded.manifest.id}: ${formatTimings(run.timings)} ${page}`);
      });
    }
  }
});
