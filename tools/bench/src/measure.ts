import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { finite } from "./rows.js";

/** Wall time and peak resident memory of one command (the largest process of its tree, from GNU time). */
export interface Measurement {
  wallMs: number;
  /** Peak RSS in MiB; absent when /usr/bin/time is not available. */
  peakRssMb?: number;
  stdout: string;
}

const GNU_TIME = "/usr/bin/time";

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

/** Runs a command to completion and measures it; a failing command throws with its output. */
export function measure(command: string, args: readonly string[], options: RunOptions): Measurement {
  const haveTime = existsSync(GNU_TIME);
  const scratch = mkdtempSync(join(tmpdir(), "msetup-time-"));
  const rssFile = join(scratch, "rss");
  const [file, argv] = haveTime
    ? [GNU_TIME, ["-f", "%M", "-o", rssFile, command, ...args]]
    : [command, [...args]];
  const start = performance.now();
  const result = spawnSync(file, argv, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const wallMs = performance.now() - start;
  try {
    if (result.status !== 0) {
      throw new Error(
        `${command} ${args.join(" ")} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`,
      );
    }
    const stdout = `${result.stdout}${result.stderr}`;
    if (!haveTime) return { wallMs, stdout };
    const kb = Number.parseInt(readFileSync(rssFile, "utf8").trim().split("\n").pop() ?? "", 10);
    return { wallMs, peakRssMb: finite(kb, `peak RSS of ${command} (GNU time's report)`) / 1024, stdout };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Runs a command that is setup, not a measurement; throws on failure. */
export function run(command: string, args: readonly string[], options: RunOptions): string {
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

export { median } from "./rows.js";

/**
 * Installs a clone of the workspace at `repoRoot` offline, from the very store that workspace was installed from
 * (node_modules/.modules.yaml records it): the clone finds every package whatever HOME or pnpm's configuration
 * say now, e.g. under .ci/fresh-env's new HOME.
 */
export function installOffline(
  repoRoot: string,
  ws: string,
  args: readonly string[],
  env?: NodeJS.ProcessEnv,
): void {
  const modulesFile = join(repoRoot, "node_modules", ".modules.yaml");
  let storeDir: unknown;
  try {
    // pnpm writes this YAML file in its JSON form.
    storeDir = (JSON.parse(readFileSync(modulesFile, "utf8")) as { storeDir?: unknown }).storeDir;
  } catch (error) {
    throw new Error(
      `${modulesFile}: cannot read pnpm's store location (${(error as Error).message}); run pnpm install`,
    );
  }
  if (typeof storeDir !== "string") throw new Error(`${modulesFile}: no storeDir; run pnpm install`);
  run("pnpm", ["install", "--offline", "--store-dir", storeDir, "--reporter=silent", ...args], {
    cwd: ws,
    env,
  });
}
