import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { discoverWorkspace } from "@model-setup/discovery";
import { installOffline, type Measurement, measure, run } from "./measure.js";
import { BenchError, median, type Row, ratio } from "./rows.js";
import { touchManifest, writeSyntheticInterventions, writeSyntheticWorkspace } from "./synthetic.js";

/**
 * Registry build at scale, in a real turbo workspace: a clone of the committed repository, installed offline
 * from the warm pnpm store, with synthetic interventions added so the registry holds `size` in total.
 * Scenarios: turbo cold / warm (nothing changed) / one intervention changed, then the builder CLI alone without
 * cache, with a warm cache and after one change.
 *
 * The smoke run (`smoke`) checks that all of this still computes, in seconds: no clone and no turbo, the
 * repository's own builder CLI over a workspace of `size` synthetic interventions, each scenario once.
 */

export type { Row } from "./rows.js";

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
export async function interventionDirs(root: string): Promise<string[]> {
  const discovery = await discoverWorkspace(root);
  if (discovery.problems.length > 0) {
    throw new BenchError(
      `${root}: the workspace's interventions cannot be discovered: ${JSON.stringify(discovery.problems)}`,
    );
  }
  return discovery.packages.map((pkg) => pkg.dir);
}

function turboCacheNote(output: string): string {
  const cached = /Cached:\s+(\d+) cached, (\d+) total/.exec(output);
  return cached ? `turbo ${cached[1]}/${cached[2]} cached` : "";
}

function builderNote(output: string, size: number): string {
  const count = Number(/(\d+) intervention\(s\)/.exec(output)?.[1]);
  if (count !== size)
    throw new BenchError(`the builder built ${count} interventions where the workspace holds ${size}`);
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
  /** Once per scenario over a synthetic workspace, no clone and no turbo: checks the rows compute. */
  smoke: boolean;
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
    if (!base || base === row || row.wallMs === undefined || base.wallMs === undefined) return row;
    const scaling = `${ratio(row.wallMs, base.wallMs, `${row.scenario} at N=${row.size} against N=${base.size}`)} of N=${base.size}`;
    return { ...row, note: row.note ? `${row.note}; ${scaling}` : scaling };
  });
}

/**
 * The workspace to build: a clone of the committed repository with synthetic interventions up to `size` (its own
 * builder CLI), or for the smoke run `size` synthetic interventions built by the repository's builder CLI.
 */
async function prepareWorkspace(
  options: RegistryBenchOptions,
  size: number,
  scratch: string,
  env: NodeJS.ProcessEnv,
): Promise<{ ws: string; cli: string }> {
  const ws = join(scratch, "ws");
  if (options.smoke) {
    writeSyntheticWorkspace(ws, size);
    return { ws, cli: join(options.repoRoot, "tools/registry-builder/bin/registry-builder.js") };
  }
  options.log(`registry build, ${size} interventions: cloning and installing offline in ${ws}`);
  run("git", ["clone", "--quiet", "--no-hardlinks", options.repoRoot, ws], { cwd: scratch, env });
  installOffline(options.repoRoot, ws, [], env);
  const real = (await interventionDirs(ws)).length;
  if (size < real) {
    throw new BenchError(`size ${size} is below the ${real} interventions of the committed repository`);
  }
  if (size > real) {
    writeSyntheticInterventions(ws, size - real);
    installOffline(options.repoRoot, ws, ["--no-frozen-lockfile"], env);
  }
  return { ws, cli: join(ws, "tools/registry-builder/bin/registry-builder.js") };
}

async function benchSize(options: RegistryBenchOptions, size: number): Promise<Row[]> {
  const { log } = options;
  const env = quietEnv();
  const scratch = mkdtempSync(join(tmpdir(), `msetup-bench-${size}-`));
  const rows: Row[] = [];
  const row = (group: string, scenario: string, m: Measurement, note: string) => {
    const phases = builderPhases(m.stdout);
    rows.push({
      group,
      scenario,
      size,
      wallMs: m.wallMs,
      ...(m.peakRssMb === undefined ? {} : { peakRssMb: m.peakRssMb }),
      note,
      ...(phases ? { phases } : {}),
    });
    const rss = m.peakRssMb === undefined ? "" : `, ${m.peakRssMb.toFixed(0)} MiB`;
    log(`  ${group} ${scenario} (${size}): ${(m.wallMs / 1000).toFixed(2)} s${rss} ${note}`);
  };
  try {
    const { ws, cli } = await prepareWorkspace(options, size, scratch, env);
    const all = await interventionDirs(ws);
    if (all.length !== size)
      throw new BenchError(`expected ${size} interventions in ${ws}, found ${all.length}`);
    // The changed intervention: a synthetic one with a plugin when there are any, else the first real one.
    const changed = join(
      all.find((dir) => dir.endsWith("synthetic-00000")) ?? (all[0] as string),
      "manifest.json",
    );
    let revision = 0;

    const turbo = () => measure("pnpm", ["turbo", "build", `--filter=${TARGET}`], { cwd: ws, env });
    // The smoke run's workspace is no clone: it has no turbo, and the repository's builder is built already.
    if (options.turbo && !options.smoke) {
      const cold = turbo();
      row("turbo build", "cold (no turbo cache, no builder cache)", cold, turboCacheNote(cold.stdout));
      const warm = turbo();
      row("turbo build", "warm, nothing changed", warm, turboCacheNote(warm.stdout));
      touchManifest(changed, ++revision);
      const one = turbo();
      row("turbo build", "one intervention changed", one, turboCacheNote(one.stdout));
    } else if (!options.smoke) {
      run("pnpm", ["turbo", "build", `--filter=${TARGET}`], { cwd: ws, env });
    }

    const cacheDir = join(scratch, "builder-cache");
    // Each series builds into one output folder, as repeated builds of a checkout do.
    const builder = (label: string, extra: string[]) =>
      measure(
        process.execPath,
        [cli, "build", "--workspace", ws, "--out", join(scratch, `out-${label}`), "--timings", ...extra],
        { cwd: ws, env },
      );
    const runs = options.smoke ? 1 : BUILDER_RUNS;
    const repeated = (label: string, prepare: () => void, extra: string[]): Measurement => {
      const measured: Measurement[] = [];
      for (let i = 0; i < runs; i++) {
        prepare();
        measured.push(builder(label, extra));
      }
      const wallMs = median(
        measured.map((m) => m.wallMs),
        `the builder's time (${label})`,
      );
      const rss = measured.flatMap((m) => (m.peakRssMb === undefined ? [] : [m.peakRssMb]));
      return {
        wallMs,
        ...(rss.length > 0 ? { peakRssMb: Math.max(...rss) } : {}),
        stdout: measured.find((m) => m.wallMs === wallMs)?.stdout ?? "",
      };
    };
    const none = () => {};
    const noCache = repeated("nocache", none, ["--no-cache"]);
    row("builder CLI", "cold, --no-cache", noCache, builderNote(noCache.stdout, size));
    builder("cached", ["--cache-dir", cacheDir]);
    const warm = repeated("cached", none, ["--cache-dir", cacheDir]);
    row("builder CLI", "warm cache, nothing changed", warm, builderNote(warm.stdout, size));
    const one = repeated("cached", () => touchManifest(changed, ++revision), ["--cache-dir", cacheDir]);
    row("builder CLI", "cache, one intervention changed", one, builderNote(one.stdout, size));
    return rows;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
