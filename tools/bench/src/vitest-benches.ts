import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Row } from "./registry.js";

/**
 * The package benches (vitest bench) re-run with a JSON report so their results join the one table:
 * openclaw-config generation (indexed vs re-read-all baseline at 7/1,000/10,000) and the Kimi stream wrapper
 * against pass-through iterators. Rows carry the mean per iteration and, per group, the ratio to the baseline.
 */

interface VitestBenchmark {
  name: string;
  mean: number;
  sampleCount?: number;
}
interface VitestReport {
  files: { filepath: string; groups: { fullName: string; benchmarks: VitestBenchmark[] }[] }[];
}

export interface PackageBench {
  group: string;
  packageName: string;
  /** Picks the baseline of a describe group; the ratio column is each bench's mean over it. */
  isBaseline: (name: string) => boolean;
  /** The registry size a group is about, if any. */
  sizeOf: (groupName: string) => number;
}

export const PACKAGE_BENCHES: PackageBench[] = [
  {
    group: "openclaw-config generate",
    packageName: "@model-setup/openclaw-config",
    isBaseline: (name) => name.startsWith("indexed"),
    sizeOf: (group) => Number.parseInt(/(\d+) interventions/.exec(group)?.[1] ?? "0", 10),
  },
  {
    group: "kimi stream wrapper",
    packageName: "@model-setup/kimi-k2.6-managed-inference",
    isBaseline: (name) => name === "plain pass-through",
    sizeOf: () => 0,
  },
];

export function rowsFromReport(bench: PackageBench, report: VitestReport): Row[] {
  const rows: Row[] = [];
  for (const file of report.files) {
    for (const group of file.groups) {
      const groupName = group.fullName.split(" > ").slice(1).join(" > ");
      const baseline = group.benchmarks.find((b) => bench.isBaseline(b.name));
      for (const b of group.benchmarks) {
        const ratio =
          baseline && b !== baseline ? `${(b.mean / baseline.mean).toFixed(2)}x of ${baseline.name}` : "";
        rows.push({
          group: bench.group,
          scenario: groupName ? `${groupName}: ${b.name}` : b.name,
          size: bench.sizeOf(groupName),
          wallMs: b.mean,
          peakRssMb: Number.NaN,
          note: ratio,
        });
      }
    }
  }
  return rows;
}

/** Runs one package bench; a hook failure after the benchmarks ran still yields their report. */
export function runPackageBench(repoRoot: string, bench: PackageBench, log: (line: string) => void): Row[] {
  const scratch = mkdtempSync(join(tmpdir(), "msetup-vitest-bench-"));
  const file = join(scratch, "report.json");
  try {
    log(`${bench.group}: vitest bench in ${bench.packageName}`);
    const result = spawnSync(
      "pnpm",
      [
        "--filter",
        bench.packageName,
        "exec",
        "vitest",
        "bench",
        "--run",
        "--hookTimeout=600000",
        "--outputJson",
        file,
      ],
      {
        cwd: repoRoot,
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
        env: { ...process.env, FORCE_COLOR: "0" },
      },
    );
    if (!existsSync(file)) {
      throw new Error(
        `${bench.packageName} bench wrote no report (${result.status}):\n${result.stdout}\n${result.stderr}`,
      );
    }
    if (result.status !== 0)
      log(`  warning: ${bench.packageName} bench exited ${result.status}; using its report`);
    return rowsFromReport(bench, JSON.parse(readFileSync(file, "utf8")) as VitestReport);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
