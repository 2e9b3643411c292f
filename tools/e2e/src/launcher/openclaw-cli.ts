/** Runs one `openclaw …` command under Node 24 with a clean environment, output captured to artefact files. */
import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, symlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { dirname, join } from "node:path";
import { COMPILE_CACHE_DIR } from "../paths.js";
import type { CommandContext, CommandOutcome, OpenclawDirs } from "../spec.js";

/**
 * openclaw.mjs re-executes itself once with this Node flag (and the READY variable below) unless it is already
 * there: a second Node start per command. Passing both from the start gives the same process it would end up in.
 */
export const NODE_FLAGS = ["--disable-warning=ExperimentalWarning"];

/**
 * The hard limit of a read-only check (`config validate`, `plugins inspect --runtime`): a safety net against a hung
 * process, not a time limit. Niced checks beside busy turns on two cores have taken over 60 s.
 */
export const CHECK_TIMEOUT_MS = 180_000;

/**
 * `state`, `home`, `work` and `tmp` below `root`. V8's compile cache (openclaw.mjs keeps it under
 * $TMPDIR/node-compile-cache) is linked to one shared folder: bytecode keyed by the openclaw and Node versions,
 * no state, and it saves seconds of start-up per command.
 */
export function makeOpenclawDirs(root: string): OpenclawDirs {
  const dirs: OpenclawDirs = {
    state: join(root, "state"),
    home: join(root, "home"),
    work: join(root, "work"),
    tmp: join(root, "tmp"),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  mkdirSync(COMPILE_CACHE_DIR, { recursive: true });
  symlinkSync(COMPILE_CACHE_DIR, join(dirs.tmp, "node-compile-cache"));
  return dirs;
}

/**
 * Only what OpenClaw needs: its folders, the config, Node 24 first on PATH, a fixed locale and zone. Nothing from
 * the caller's environment (keys, proxies, HOME) leaks in.
 */
export function plainOpenclawEnv(node24: string, dirs: OpenclawDirs, configPath: string): NodeJS.ProcessEnv {
  return {
    PATH: `${dirname(node24)}:/usr/local/bin:/usr/bin:/bin`,
    HOME: dirs.home,
    TMPDIR: dirs.tmp,
    LANG: "C.UTF-8",
    TZ: "UTC",
    NO_COLOR: "1",
    OPENCLAW_STATE_DIR: dirs.state,
    OPENCLAW_CONFIG_PATH: configPath,
  };
}

/** The harness's: the plain environment, the re-exec already done, and the run's CA trusted. */
export function openclawEnv(
  spec: CommandContext,
  dirs: OpenclawDirs,
  configPath = spec.configPath,
): NodeJS.ProcessEnv {
  return {
    ...plainOpenclawEnv(spec.node24, dirs, configPath),
    OPENCLAW_NODE_OPTIONS_READY: "1",
    NODE_EXTRA_CA_CERTS: spec.tls.caFile,
  };
}

export function runOpenclaw(
  spec: CommandContext,
  dirs: OpenclawDirs,
  label: string,
  args: string[],
  hardTimeoutMs: number,
  priority = 0,
  configPath = spec.configPath,
  /** Ends the command early (SIGKILL): the harness stopped a turn that cannot succeed (fail-fast.ts). */
  signal?: AbortSignal,
): Promise<CommandOutcome> {
  const stdoutFile = join(spec.artifactsDir, `${label}.stdout`);
  const stderrFile = join(spec.artifactsDir, `${label}.stderr`);
  const out = openSync(stdoutFile, "w");
  const err = openSync(stderrFile, "w");
  const started = Date.now();
  return new Promise<CommandOutcome>((resolve, reject) => {
    const child = spawn(spec.node24, [...NODE_FLAGS, spec.openclawMjs, ...args], {
      cwd: dirs.work,
      env: openclawEnv(spec, dirs, configPath),
      stdio: ["ignore", out, err],
    });
    if (priority !== 0 && child.pid) setPriority(child.pid, priority);
    const timer = setTimeout(() => child.kill("SIGKILL"), hardTimeoutMs);
    const abort = () => child.kill("SIGKILL");
    signal?.addEventListener("abort", abort, { once: true });
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("exit", (code, exitSignal) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", abort);
      closeSync(out);
      closeSync(err);
      resolve({
        args,
        exitCode: code,
        signal: exitSignal,
        durationMs: Date.now() - started,
        stdoutFile,
        stderrFile,
      });
    });
  });
}
