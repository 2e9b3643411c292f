import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readWorkspacePackages } from "@model-setup/discovery";
import { compareCodePoints, isRecord } from "@model-setup/manifest";
import { BenchError, type Row, ratio } from "./rows.js";

/**
 * The package benches (vitest bench) re-run with a JSON report so their results join the one table. Which
 * packages have one is found, not listed: every workspace package with a `bench` script but this one. In each
 * describe group the first bench is the reference the others' ratio is given against, and a group named
 * "<N> interventions" is about a registry of size N. A bench sizes its registries by BENCH_SIZES, which the bench
 * sets to its own sizes, and keeps its samples few when BENCH_SMOKE is set (the smoke run checks the rows compute).
 *
 * vitest reports a benchmark whose function threw without a mean, and exits 0: such a row fails the bench.
 */

interface VitestBenchmark {
  name: string;
  /** Absent when the benchmark's function threw. */
  mean?: number;
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
      const size = Number.parseInt(/(\d+) interventions/.exec(groupName)?.[1] ?? "0", 10);
      const meanOf = (b: VitestBenchmark): number => {
        if (typeof b.mean === "number" && Number.isFinite(b.mean)) return b.mean;
        throw new BenchError(
          `${bench.packageName}: benchmark "${groupName ? `${groupName} > ` : ""}${b.name}" has no result (its function threw): pnpm --filter ${bench.packageName} bench shows why`,
        );
      };
      const [reference] = group.benchmarks;
      for (const b of group.benchmarks) {
        const mean = meanOf(b);
        const note =
          reference && b !== reference
            ? `${ratio(mean, meanOf(reference), `${b.name} against ${reference.name}`)} of ${reference.name}`
            : "";
        rows.push({
          group: bench.packageName,
          scenario: groupName ? `${groupName}: ${b.name}` : b.name,
          size,
          wallMs: mean,
          note,
        });
      }
    }
  }
  return rows;
}

export interface PackageBenchOptions {
  /** The registry sizes the bench's groups are about (BENCH_SIZES). */
  sizes: readonly number[];
  /** Few samples: the smoke run only checks that every row computes (BENCH_SMOKE). */
  smoke: boolean;
  log: (line: string) => void;
}

/** Runs one package bench; a hook failure after the benchmarks ran still yields their report. */
export function runPackageBench(repoRoot: string, bench: PackageBench, options: PackageBenchOptions): Row[] {
  const { log } = options;
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
        env: {
          ...process.env,
          FORCE_COLOR: "0",
          BENCH_SIZES: options.sizes.join(","),
          ...(options.smoke ? { BENCH_SMOKE: "1" } : {}),
        },
      },
    );
    if (!existsSync(file)) {
      throw new BenchError(
        `${bench.packageName} bench wrote no report (${result.status}):\n${result.stdout}\n${result.stderr}`,
      );
    }
    if (result.status !== 0)
      log(`  warning: ${bench.packageName} bench exited ${result.status}; using its report`);
    const rows = rowsFromReport(bench, JSON.parse(readFileSync(file, "utf8")) as VitestReport);
    if (rows.length === 0) log(`  warning: ${bench.packageName} has a bench script but no benchmark ran`);
    return rows;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
