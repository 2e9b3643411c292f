/**
 * `pnpm e2e --lifecycle-from …` (scripts/e2e.mjs), as the nightly workflow's last job runs it: the built harness
 * merges what earlier jobs recorded into one table, runs no case, and refuses overlapping or unknown runs.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeJsonLines } from "../src/json-lines.js";
import {
  lifecycleMarkdown,
  lifecycleOf,
  NECESSITY_RUNS_FILE,
  type NecessityRecord,
} from "../src/necessity.js";
import { E2E_ROOT, REPO_ROOT } from "../src/paths.js";

const SCRIPT = join(E2E_ROOT, "scripts", "e2e.mjs");
const RELEASES = (
  JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { openclawReleases: string[] }
).openclawReleases;
const OLDEST = RELEASES[0] as string;
const NEWEST = RELEASES.at(-1) as string;

const record = (
  release: string,
  intervention: string,
  side: "with" | "without",
  passed: boolean,
): NecessityRecord => ({
  release,
  intervention,
  case: `${intervention}-case`,
  run: side,
  passed,
});

let scratch: string;
let artifacts: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), "model-setup-lifecycle-merge-"));
  artifacts = join(scratch, "artifacts");
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

function jobFolder(name: string, records: NecessityRecord[]): string {
  const dir = join(scratch, name);
  mkdirSync(dir);
  writeJsonLines(join(dir, NECESSITY_RUNS_FILE), records);
  return dir;
}

function e2e(...args: string[]) {
  return spawnSync(process.execPath, [SCRIPT, "--no-build", ...args], {
    encoding: "utf8",
    env: { ...process.env, E2E_ARTIFACTS_DIR: artifacts },
  });
}

describe("pnpm e2e --lifecycle-from", () => {
  const shard1 = [record(NEWEST, "kimi", "with", true), record(NEWEST, "kimi", "without", false)];
  const shard2 = [record(NEWEST, "gemini", "with", true), record(NEWEST, "gemini", "without", true)];
  const older = [record(OLDEST, "kimi", "with", true), record(OLDEST, "kimi", "without", true)];

  it("writes one table of every job's runs (a folder or its runs file), and runs no case", () => {
    const a = jobFolder("shard-1", shard1);
    const b = jobFolder("shard-2", shard2);
    const c = jobFolder("older", older);
    const result = e2e(
      "--lifecycle-from",
      a,
      "--lifecycle-from",
      join(b, NECESSITY_RUNS_FILE),
      "--lifecycle-from",
      c,
    );
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const releases = [...new Set([OLDEST, NEWEST])];
    const expected = lifecycleOf([...shard1, ...shard2, ...older], releases);
    expect(JSON.parse(readFileSync(join(artifacts, "lifecycle.json"), "utf8"))).toEqual(expected);
    expect(readFileSync(join(artifacts, "lifecycle.md"), "utf8")).toBe(lifecycleMarkdown(expected));
    const runs = readFileSync(join(artifacts, NECESSITY_RUNS_FILE), "utf8").trim().split("\n");
    expect(runs).toHaveLength(6);
    // Nothing but the table: no case ran.
    expect(readdirSync(artifacts).sort()).toEqual(["lifecycle.json", "lifecycle.md", NECESSITY_RUNS_FILE]);
  });

  it("refuses overlapping jobs, a release that is not supported, a line that is not JSON, and a missing input", () => {
    const a = jobFolder("shard-1", shard1);
    const again = jobFolder("shard-1-again", [shard1[0] as NecessityRecord]);
    const overlap = e2e("--lifecycle-from", a, "--lifecycle-from", again);
    expect(overlap.status).toBe(2);
    expect(overlap.stderr).toContain(`is also in ${join(a, NECESSITY_RUNS_FILE)}`);

    const unknown = e2e("--lifecycle-from", jobFolder("unknown", [record("1999.1.1", "kimi", "with", true)]));
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("runs on 1999.1.1, not a supported release");

    const broken = jobFolder("broken", shard1);
    writeFileSync(join(broken, NECESSITY_RUNS_FILE), '{"release":\n');
    const notJson = e2e("--lifecycle-from", broken);
    expect(notJson.status).toBe(2);
    expect(notJson.stderr).toContain(`${join(broken, NECESSITY_RUNS_FILE)}:1: not a JSON line`);

    const missing = e2e("--lifecycle-from", join(scratch, "nowhere"));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(`${join(scratch, "nowhere")} does not exist`);
    expect(() => readdirSync(artifacts)).toThrow();
  });

  it("writes the docs only from runs on every supported release, and never runs cases beside a merge", () => {
    expect(RELEASES.length).toBeGreaterThan(1);
    const partial = e2e("--lifecycle-from", jobFolder("newest-only", shard1), "--docs");
    expect(partial.status).toBe(2);
    expect(partial.stderr).toContain(`--docs writes the whole table, and no run on ${OLDEST}`);
    const mixed = e2e("--lifecycle-from", jobFolder("mixed", shard1), "--necessity");
    expect(mixed.status).toBe(64);
    expect(mixed.stderr).toContain("--lifecycle-from only merges the runs earlier jobs recorded");
  });
});
