/** The CLI shell: exit codes, and no scratch folder left behind on any way out. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, makeWorkspace } from "./workspace.js";

/** Runs the CLI with a TMPDIR of its own, so what it leaves there can be counted. */
function runWithOwnTmp(args: (dir: string) => string[], lock: unknown) {
  const dir = mkdtempSync(join(tmpdir(), "msetup-cli-"));
  const scratch = join(dir, "tmp");
  mkdirSync(scratch);
  const lockFile = join(dir, "lock.json");
  writeFileSync(lockFile, typeof lock === "string" ? lock : JSON.stringify(lock));
  const run = spawnSync(process.execPath, [CLI, ...args(dir), "--from-lock", lockFile], {
    encoding: "utf8",
    // A registry that refuses at once, and no retries: fetching fails fast and offline.
    env: { ...process.env, TMPDIR: scratch, npm_config_fetch_retries: "0" },
  });
  return { ...run, dir, leftovers: readdirSync(scratch) };
}

const release = { name: "@rel/x-fix", version: "1.0.0", integrity: `sha512-${"A".repeat(86)}==` };

describe("registry-builder CLI", () => {
  it.each([
    ["the lock is invalid", { interventions: [{ name: "", version: "1", integrity: "x" }] }, /problem\(s\)/],
    ["a release cannot be fetched", { interventions: [release] }, /cannot fetch the release tarball/],
    ["the lock is not JSON", "{ not json", /registry-builder: /],
  ])("exits 1 and removes its scratch folder when %s", (_, lock, message) => {
    const run = runWithOwnTmp(
      (dir) => ["build", "--out", join(dir, "out"), "--registry", "http://127.0.0.1:9"],
      lock,
    );
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.leftovers).toEqual([]);
    expect(existsSync(join(run.dir, "out"))).toBe(false);
  });

  it.each([
    [
      "/proc/registry-builder-test/dist",
      1,
      /cannot write --out \/proc\/registry-builder-test\/dist \(ENOENT/,
    ],
    [
      "/sys/registry-builder-test-dist",
      1,
      /cannot write --out \/sys\/registry-builder-test-dist \(E(PERM|ACCES|ROFS)/,
    ],
    ["<file>/dist", 2, /lies below something that is not a folder/],
  ])("reports an --out it cannot write (%s) in one line, without hanging", (target, code, message) => {
    const root = makeWorkspace({ "interventions/a-fix": {} });
    const out = target.replace("<file>", join(root, "package.json"));
    const run = spawnSync(process.execPath, [CLI, "build", "--workspace", root, "--out", out], {
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(run.error).toBeUndefined();
    expect(run.status).toBe(code);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("exits 2 with the usage on a bad command line, 0 with --help on stdout", () => {
    const bad = spawnSync(process.execPath, [CLI, "publish"], { encoding: "utf8" });
    expect([bad.status, bad.stderr]).toEqual([2, expect.stringMatching(/unknown command publish\nusage:/)]);
    const help = spawnSync(process.execPath, [CLI, "--help"], { encoding: "utf8" });
    expect([help.status, help.stdout]).toEqual([0, expect.stringMatching(/^usage:/)]);
  });
});
