#!/usr/bin/env node
/**
 * `pnpm test`'s e2e step before turbo's: runs the e2e cases of exactly the interventions whose cached `e2e` task
 * misses, as ONE run (one vitest, one OpenClaw gateway for the batch) instead of one per intervention, and leaves
 * each of them its outcome in `.e2e-result.json` under the hash turbo gave its task. `turbo run e2e` then runs with
 * `E2E_REUSE=1`: each missed task finds its outcome under its own hash (`TURBO_HASH`), reports it, and is cached
 * per intervention as before; a hit replays as before. A cold run pays one gateway start instead of one per
 * intervention; a warm run with nothing changed runs no case at all.
 *
 * Usage: node tools/e2e/scripts/e2e-affected.mjs [--force]   (--force: every intervention's cases, as
 * `turbo run e2e --force` would)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const e2eRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = resolve(e2eRoot, "..", "..");
const turbo = join(repoRoot, "node_modules", ".bin", "turbo");
/** What a missed task finds in its package folder (git-ignored, so never a task input). */
export const RESULT_FILE = ".e2e-result.json";

const force = process.argv.includes("--force");
const unknown = process.argv.slice(2).filter((arg) => arg !== "--force");
if (unknown.length > 0) {
  console.error(`e2e-affected: unknown argument ${unknown[0]}; usage: e2e-affected.mjs [--force]`);
  process.exit(64);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: repoRoot, encoding: "utf8", ...options });
  if (result.error) throw result.error;
  return result;
}

// The plans are task inputs (turbo.json): write them as the e2e tasks' own dependency does, then ask turbo, without
// running anything, which e2e tasks it would run and under which hash.
const planned = run(turbo, ["run", "@model-setup/e2e#plan", "--output-logs=errors-only"], {
  stdio: "inherit",
});
if (planned.status !== 0) process.exit(planned.status ?? 1);
const dry = run(turbo, ["run", "e2e", "--dry=json"], { maxBuffer: 64 * 1024 * 1024 });
if (dry.status !== 0) {
  process.stderr.write(dry.stderr);
  process.exit(dry.status ?? 1);
}
const tasks = JSON.parse(dry.stdout)
  .tasks.filter((task) => task.task === "e2e" && task.command !== "<NONEXISTENT>")
  .map((task) => ({
    hash: task.hash,
    dir: join(repoRoot, task.directory),
    missed: force || task.cache?.status !== "HIT",
  }));
const missed = tasks.filter((task) => task.missed);
console.log(
  `e2e-affected: ${missed.length} of ${tasks.length} interventions' e2e tasks ${force ? "forced" : "missed the cache"}`,
);
if (missed.length === 0) process.exit(0);

/** An intervention's id is its manifest's (the builder holds the folder to it). */
const idOf = (dir) => {
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  return JSON.parse(readFileSync(join(dir, pkg.modelSetup.manifest), "utf8")).id;
};
const targets = missed.map((task) => ({ ...task, id: idOf(task.dir) }));

const scratch = mkdtempSync(join(tmpdir(), "model-setup-e2e-affected-"));
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
    env: { ...process.env, E2E_FILTER: targets.map((target) => target.id).join(",") },
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
