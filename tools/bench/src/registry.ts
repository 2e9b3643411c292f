import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { discoverWorkspace } from "@model-setup/discovery";
import { installOffline, type Measurement, measure, median, run } from "./measure.js";
import { touchManifest, writeSyntheticInterventions } from "./synthetic.js";

/**
 * Registry build at scale, in a real turbo workspace: a clone of the committed repository, installed offline
 * from the warm pnpm store, with synthetic interventions added so the registry holds `size` in total.
 * Scenarios: turbo cold / warm (nothing changed) / one intervention changed, then the builder CLI alone without
 * cache, with a warm cache and after one change.
 */

export interface Row {
  group: string;
  scenario: string;
  size: number;
  wallMs: number;
  peakRssMb: number;
  note: string;
  /** Wall time per build phase (builder rows, from `--timings`; the median run's). */
  phases?: Record<string, number>;
}

const TARGET = "@model-setup/image-context...";
const BUILDER_RUNS = 3;

function quietEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TURBO_TELEMETRY_DISABLED: "1",
    DO_NOT_TRACK: "1",
    TURBO_UI: "false",
    CI: "",
    FORCE_COLOR: "0",
  };
}

/** The intervention packages of a workspace, found by the one discovery the builder uses. */
async function interventionDirs(root: string): Promise<string[]> {
  const discovery = await discoverWorkspace(root);
  if (discovery.problems.length > 0) throw new Error(JSON.stringify(discovery.problems));
  return discovery.packages.map((pkg) => pkg.dir);
}

function turboCacheNote(output: string): string {
  const cached = /Cached:\s+(\d+) cached, (\d+) total/.exec(output);
  return cached ? `turbo ${cached[1]}/${cached[2]} cached` : "";
}

function builderNote(output: string): string {
  const count = /(\d+) intervention\(s\)/.exec(output)?.[1] ?? "?";
  const cache = /bundle cache: (\d+) reused, (\d+) bundled/.exec(output);
  return cache
    ? `${count} built, ${cache[1]} bundles reused / ${cache[2]} bundled`
    : `${count} built, no cache`;
}

/** The `--timings` line of the builder: phase → ms. */
export function builderPhases(output: string): Record<string, number> | undefined {
  const line = /^timings: (.*)$/m.exec(output)?.[1];
  if (!line) return undefined;
  const phases: Record<string, number> = {};
  for (const part of line.split(", ")) {
    const match = /^(.+) ([\d.]+) ms$/.exec(part);
    if (match) phases[match[1] as string] = Number(match[2]);
  }
  return phases;
}

export interface RegistryBenchOptions {
  repoRoot: string;
  sizes: readonly number[];
  turbo: boolean;
  log: (line: string) => void;
}

export async function registryBench(options: RegistryBenchOptions): Promise<Row[]> {
  const rows: Row[] = [];
  for (const size of options.sizes) rows.push(...(await benchSize(options, size)));
  return withScaling(rows);
}

/**
 * Adds to each row how its time compares with the same scenario at the smallest size measured: the figure the
 * scale targets are about (a one-change rebuild should stay close to the N=7 cost).
 */
export function withScaling(rows: readonly Row[]): Row[] {
  const smallest = new Map<string, Row>();
  for (const row of rows) {
    const key = `${row.group}\0${row.scenario}`;
    const known = smallest.get(key);
    if (!known || row.size < known.size) smallest.set(key, row);
  }
  return rows.map((row) => {
    const base = smallest.get(`${row.group}\0${row.scenario}`);
    if (!base || base === row || base.wallMs <= 0) return row;
    const ratio = `${(row.wallMs / base.wallMs).toFixed(2)}x of N=${base.size}`;
    return { ...row, note: row.note ? `${row.note}; ${ratio}` : ratio };
  });
}

async function benchSize(options: RegistryBenchOptions, size: number): Promise<Row[]> {
  const { log } = options;
  const env = quietEnv();
  const scratch = mkdtempSync(join(tmpdir(), `msetup-bench-${size}-`));
  const ws = join(scratch, "ws");
  const rows: Row[] = [];
  const row = (group: string, scenario: string, m: Measurement, note: string) => {
    const phases = builderPhases(m.stdout);
    rows.push({
      group,
      scenario,
      size,
      wallMs: m.wallMs,
      peakRssMb: m.peakRssMb,
      note,
      ...(phases ? { phases } : {}),
    });
    log(
      `  ${group} ${scenario} (${size}): ${(m.wallMs / 1000).toFixed(2)} s, ${m.peakRssMb.toFixed(0)} MiB ${note}`,
    );
  };
  try {
    log(`registry build, ${size} interventions: cloning and installing offline in ${ws}`);
    run("git", ["clone", "--quiet", "--no-hardlinks", options.repoRoot, ws], { cwd: scratch, env });
    installOffline(options.repoRoot, ws, [], env);
    const real = (await interventionDirs(ws)).length;
    if (size < real) throw new Error(`size ${size} is below the ${real} real interventions`);
    if (size > real) {
      writeSyntheticInterventions(ws, size - real);
      installOffline(options.repoRoot, ws, ["--no-frozen-lockfile"], env);
    }
    const all = await interventionDirs(ws);
    if (all.length !== size) throw new Error(`expected ${size} interventions, found ${all.length}`);
    // The changed intervention: a synthetic one with a plugin when there are any, else the first real one.
    const changed = join(
      all.find((dir) => dir.endsWith("synthetic-00000")) ?? (all[0] as string),
      "manifest.json",
    );
    let revision = 0;

    const turbo = () => measure("pnpm", ["turbo", "build", `--filter=${TARGET}`], { cwd: ws, env });
    if (options.turbo) {
      const cold = turbo();
      row("turbo build", "cold (no turbo cache, no builder cache)", cold, turboCacheNote(cold.stdout));
      const warm = turbo();
      row("turbo build", "warm, nothing changed", warm, turboCacheNote(warm.stdout));
      touchManifest(changed, ++revision);
      const one = turbo();
      row("turbo build", "one intervention changed", one, turboCacheNote(one.stdout));
    } else {
      run("pnpm", ["turbo", "build", `--filter=${TARGET}`], { cwd: ws, env });
    }

    const cli = join(ws, "tools/registry-builder/bin/registry-builder.js");
    const cacheDir = join(scratch, "builder-cache");
    // Each series builds into one output folder, as repeated builds of a checkout do.
    const builder = (label: string, extra: string[]) =>
      measure(
        process.execPath,
        [cli, "build", "--workspace", ws, "--out", join(scratch, `out-${label}`), "--timings", ...extra],
        { cwd: ws, env },
      );
    const repeated = (label: string, prepare: () => void, extra: string[]): Measurement => {
      const runs: Measurement[] = [];
      for (let i = 0; i < BUILDER_RUNS; i++) {
        prepare();
        runs.push(builder(label, extra));
      }
      const wallMs = median(runs.map((m) => m.wallMs));
      return {
        wallMs,
        peakRssMb: Math.max(...runs.map((m) => m.peakRssMb)),
        stdout: runs.find((m) => m.wallMs === wallMs)?.stdout ?? runs[0]?.stdout ?? "",
      };
    };
    const none = () => {};
    const noCache = repeated("nocache", none, ["--no-cache"]);
    row("builder CLI", "cold, --no-cache", noCache, builderNote(noCache.stdout));
    builder("cached", ["--cache-dir", cacheDir]);
    const warm = repeated("cached", none, ["--cache-dir", cacheDir]);
    row("builder CLI", "warm cache, nothing changed", warm, builderNote(warm.stdout));
    const one = repeated("cached", () => touchManifest(changed, ++revision), ["--cache-dir", cacheDir]);
    row("builder CLI", "cache, one intervention changed", one, builderNote(one.stdout));
    return rows;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
