import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readWorkspacePackages } from "@model-setup/discovery";
import { compareCodePoints, isRecord } from "@model-setup/manifest";
import type { Row } from "./registry.js";

/**
 * The package benches (vitest bench) re-run with a JSON report so their results join the one table. Which
 * packages have one is found, not listed: every workspace package with a `bench` script but this one. In each
 * describe group the first bench is the reference the others' ratio is given against, and a group named
 * "<N> interventions" is about a registry of size N.
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
  packageName: string;
}

export async function packageBenches(repoRoot: string): Promise<PackageBench[]> {
  const workspace = await readWorkspacePackages(repoRoot);
  if (workspace.problems.length > 0) throw new Error(JSON.stringify(workspace.problems));
  return workspace.packages
    .filter(({ manifest }) => {
      const scripts = isRecord(manifest.scripts) ? manifest.scripts : {};
      return typeof scripts.bench === "string" && manifest.name !== OWN_NAME;
    })
    .map(({ manifest }) => ({ packageName: String(manifest.name) }))
    .sort((a, b) => compareCodePoints(a.packageName, b.packageName));
}

const OWN_NAME = "@model-setup/bench";

export function rowsFromReport(bench: PackageBench, report: VitestReport): Row[] {
  const rows: Row[] = [];
  for (const file of report.files) {
    for (const group of file.groups) {
      const groupName = group.fullName.split(" > ").slice(1).join(" > ");
      const reference = group.benchmarks[0];
      const size = Number.parseInt(/(\d+) interventions/.exec(groupName)?.[1] ?? "0", 10);
      for (const b of group.benchmarks) {
        const ratio =
          reference && b !== reference ? `${(b.mean / reference.mean).toFixed(2)}x of ${reference.name}` : "";
        rows.push({
          group: bench.packageName,
          scenario: groupName ? `${groupName}: ${b.name}` : b.name,
          size,
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
    log(`vitest bench in ${bench.packageName}`);
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
