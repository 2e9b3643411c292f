/**
 * The bench's smoke run, so that a change that breaks `pnpm bench` fails `pnpm test`: the bench CLI at its smallest
 * size (`--smoke`: each measurement once, no clone, no turbo, no e2e) must exit 0 and print every row with finite
 * figures. No time is asserted. It is an integration task: the package benches it runs need their packages built,
 * which `turbo run build` has done by then.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { discoverWorkspace } from "@model-setup/discovery";
import { afterAll, describe, expect, it } from "vitest";
import type { Row } from "../../src/rows.js";
import { packageBenches } from "../../src/vitest-benches.js";

const REPO_ROOT = fileURLToPath(new URL("../../../..", import.meta.url));
const RUN = fileURLToPath(new URL("../../dist/run.js", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "msetup-bench-smoke-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function bench(args: string[], env: NodeJS.ProcessEnv = {}) {
  const { BENCH_SIZES: _ignored, ...inherited } = process.env;
  return spawnSync(process.execPath, [RUN, ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { ...inherited, FORCE_COLOR: "0", ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
}

describe("pnpm bench, smoke run", () => {
  it("exits 0 and prints every row with finite figures", async () => {
    const out = join(scratch, "bench.json");
    const result = bench(["--smoke", "--out", out]);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.status, result.stderr).toBe(0);

    const real = (await discoverWorkspace(REPO_ROOT)).packages.length;
    const report = JSON.parse(readFileSync(out, "utf8")) as { sizes: number[]; smoke: boolean; rows: Row[] };
    expect(report).toMatchObject({ sizes: [real], smoke: true });
    const finite = (value: number | undefined) => value === undefined || Number.isFinite(value);
    for (const row of report.rows) {
      expect(finite(row.wallMs) && finite(row.peakRssMb), `${row.group} / ${row.scenario}`).toBe(true);
      expect(row.wallMs !== undefined || row.note !== "").toBe(true);
    }
    expect(result.stdout).not.toMatch(/NaN|Infinity/);

    const groups = new Set(report.rows.map((row) => row.group));
    expect(report.rows.filter((row) => row.group === "builder CLI").map((row) => row.size)).toEqual([
      real,
      real,
      real,
    ]);
    for (const { packageName } of await packageBenches(REPO_ROOT)) expect(groups).toContain(packageName);
    const cli = report.rows.filter((row) => row.group === "openclaw-config CLI, whole process");
    expect(cli.map((row) => row.scenario)).toEqual([
      expect.stringMatching(/^bare node -e 0 \(the floor\), Node 20\./),
      expect.stringMatching(/^generate \S+ to stdout, Node 20\./),
      expect.stringMatching(/^bare node -e 0 \(the floor\), Node 24\./),
      expect.stringMatching(/^generate \S+ to stdout, Node 24\./),
    ]);
    // Every row is in the printed table, each on its own line.
    for (const row of report.rows) expect(result.stdout).toContain(`| ${row.scenario}`);
    // About 25 s on 2 busy cores, most of it the package benches' fixed sampling time.
  }, 300_000);

  it("refuses a size below the real number of interventions with one line", () => {
    const result = bench(["--smoke", "--out", join(scratch, "refused.json")], { BENCH_SIZES: "1" });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^bench: BENCH_SIZES: size 1 is below the \d+ interventions in this workspace: /),
    ]);
  });
});
