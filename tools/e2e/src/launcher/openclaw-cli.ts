/** Runs one `openclaw …` command under Node 24 with a clean environment, output captured to artefact files. */
import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { setPriority } from "node:os";
import { dirname, join } from "node:path";
import type { CommandOutcome, LaunchSpec, OpenclawDirs } from "../spec.ts";

/**
 * openclaw.mjs re-executes itself once with this Node flag (and the READY variable below) unless it is already
 * there: a second Node start per command. Passing both from the start gives the same process it would end up in.
 */
export const NODE_FLAGS = ["--disable-warning=ExperimentalWarning"];

/** Only what OpenClaw needs; nothing from the caller's environment (keys, proxies, HOME) leaks in. */
export function openclawEnv(spec: LaunchSpec, dirs: OpenclawDirs): NodeJS.ProcessEnv {
  return {
    PATH: `${dirname(spec.node24)}:/usr/local/bin:/usr/bin:/bin`,
    HOME: dirs.home,
    TMPDIR: dirs.tmp,
    LANG: "C.UTF-8",
    TZ: "UTC",
    NO_COLOR: "1",
    OPENCLAW_STATE_DIR: dirs.state,
    OPENCLAW_CONFIG_PATH: spec.configPath,
    OPENCLAW_NODE_OPTIONS_READY: "1",
    NODE_EXTRA_CA_CERTS: spec.tls.caFile,
  };
}

export function runOpenclaw(
  spec: LaunchSpec,
  dirs: OpenclawDirs,
  label: string,
  args: string[],
  hardTimeoutMs: number,
  priority = 0,
): Promise<CommandOutcome> {
  const stdoutFile = join(spec.artifactsDir, `${label}.stdout`);
  const stderrFile = join(spec.artifactsDir, `${label}.stderr`);
  const out = openSync(stdoutFile, "w");
  const err = openSync(stderrFile, "w");
  const started = Date.now();
  return new Promise<CommandOutcome>((resolve, reject) => {
    const child = spawn(spec.node24, [...NODE_FLAGS, spec.openclawMjs, ...args], {
      cwd: dirs.work,
      env: openclawEnv(spec, dirs),
      stdio: ["ignore", out, err],
    });
    if (priority !== 0 && child.pid) setPriority(child.pid, priority);
    const timer = setTimeout(() => child.kill("SIGKILL"), hardTimeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      closeSync(out);
      closeSync(err);
      resolve({ args, exitCode: code, signal, durationMs: Date.now() - started, stdoutFile, stderrFile });
    });
  });
}
