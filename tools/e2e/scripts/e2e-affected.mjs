#!/usr/bin/env node
/**
 * `pnpm test`'s e2e step before turbo's: runs the e2e cases of exactly the interventions whose cached `e2e` task
 * misses, as ONE run (one vitest, one OpenClaw gateway for the batch) instead of one per intervention, and leaves
 * each of them its outcome in `.e2e-result.json` under the hash turbo gives its task. `turbo run e2e` then runs with
 * `E2E_REUSE=1`: each missed task finds its outcome under its own hash (`TURBO_HASH`), reports it, and is cached
 * per intervention as before; a hit replays as before. A cold run pays one gateway start instead of one per
 * intervention; a warm run with nothing changed runs no case at all.
 *
 * Which tasks miss, and under which hash, only turbo knows once the plan task before them has run (the plan is a
 * `jit` input: a dry run leaves those hashes deferred). So turbo is asked by running the tasks once with the cache
 * read-only and `E2E_PROBE` set: a hit replays (nothing runs), a miss runs `e2e.mjs`, which only writes its hash
 * and folder into the probe folder; nothing of that run is cached, so the real run misses the same tasks.
 *
 * Usage: node tools/e2e/scripts/e2e-affected.mjs
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const e2eRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = resolve(e2eRoot, "..", "..");
const turbo = join(repoRoot, "node_modules", ".bin", "turbo");
/** What a missed task finds in its package folder (git-ignored, so never a task input). */
export const RESULT_FILE = ".e2e-result.json";

if (process.argv.length > 2) {
  console.error(`e2e-affected: unknown argument ${process.argv[2]}; usage: e2e-affected.mjs`);
  process.exit(64);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: repoRoot, encoding: "utf8", ...options });
  if (result.error) throw result.error;
  return result;
}

const scratch = mkdtempSync(join(tmpdir(), "model-setup-e2e-affected-"));
const probeDir = join(scratch, "probe");
const probed = run(
  turbo,
  ["run", "e2e", "--cache=local:r,remote:r", "--output-logs=errors-only", "--log-prefix=none"],
  { stdio: "inherit", env: { ...process.env, E2E_PROBE: probeDir } },
);
if (probed.status !== 0) {
  rmSync(scratch, { recursive: true, force: true });
  console.error(`e2e-affected: turbo run e2e (probe) exited ${probed.status}`);
  process.exit(probed.status ?? 1);
}
/** Each missed task's intervention id, hash and package folder, as its probe wrote them. */
const targets = (() => {
  try {
    return readdirSync(probeDir)
      .sort()
      .map((file) => JSON.parse(readFileSync(join(probeDir, file), "utf8")));
  } catch {
    return []; // No task missed: none wrote the folder.
  }
})();
console.log(`e2e-affected: ${targets.length} interventions' e2e tasks missed the cache`);
if (targets.length === 0) {
  rmSync(scratch, { recursive: true, force: true });
  process.exit(0);
}

/** The release as turbo's e2e tasks take it (E2E_OPENCLAW, else the newest), and cold as they would run. */
function runnerOptions(filters) {
  const releases = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")).openclawReleases;
  const release = process.env.E2E_OPENCLAW || releases.at(-1);
  return { release, filters, cold: process.env.E2E_COLD === "1" };
}

const report = join(scratch, "report.json");
const vitest = run(
  join(repoRoot, "node_modules", ".bin", "vitest"),
  [
    "run",
    "--config",
    "vitest.e2e.config.ts",
    "--reporter=default",
    "--reporter=json",
    `--outputFile=${report}`,
  ],
  {
    cwd: e2eRoot,
    stdio: "inherit",
    // The one options value the case runner takes (src/cli-options.ts), as `pnpm e2e --filter <id>...` hands it.
    env: { ...process.env, E2E_RUN: JSON.stringify(runnerOptions(targets.map((target) => target.id))) },
  },
);
let results = [];
try {
  results = JSON.parse(readFileSync(report, "utf8")).testResults.flatMap((file) => file.assertionResults);
} catch {
  // No report: the run itself failed; every target is recorded as failed below.
}
rmSync(scratch, { recursive: true, force: true });

/** The intervention a case belongs to: the longest id its name starts with (names are `<id>-<behaviour>`). */
const owner = (caseName) =>
  targets
    .filter((target) => caseName.startsWith(`${target.id}-`))
    .sort((a, b) => b.id.length - a.id.length)[0];
for (const target of targets) {
  const cases = results
    .filter((result) => owner(result.title) === target)
    .map((result) => ({ name: result.title, status: result.status }));
  const ok = vitest.status !== null && cases.length > 0 && cases.every((c) => c.status !== "failed");
  const outcome = { hash: target.hash, ok, cases };
  writeFileSync(join(target.dir, RESULT_FILE), `${JSON.stringify(outcome, null, 2)}\n`);
}
const failed = targets.filter(
  (target) => !JSON.parse(readFileSync(join(target.dir, RESULT_FILE), "utf8")).ok,
);
console.log(
  `e2e-affected: ran ${targets.length} interventions' cases in one run; ${failed.length === 0 ? "all passed" : `failed: ${failed.map((f) => f.id).join(", ")}`}`,
);
// turbo run e2e reports each intervention's outcome (and fails on the failed ones); nothing to add here.
process.exit(0);
