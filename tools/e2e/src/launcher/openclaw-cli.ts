/** Runs one `openclaw …` command under Node 24 with a clean environment, output captured to artefact files. */
import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { dirname, join } from "node:path";
import type { CommandOutcome, LaunchSpec } from "../spec.ts";

/** Only what OpenClaw needs; nothing from the caller's environment (keys, proxies, HOME) leaks in. */
export function openclawEnv(spec: LaunchSpec): NodeJS.ProcessEnv {
  return {
    PATH: `${dirname(spec.node24)}:/usr/local/bin:/usr/bin:/bin`,
    HOME: spec.homeDir,
    TMPDIR: spec.tmpDir,
    LANG: "C.UTF-8",
    TZ: "UTC",
    NO_COLOR: "1",
    OPENCLAW_STATE_DIR: spec.stateDir,
    OPENCLAW_CONFIG_PATH: spec.configPath,
    NODE_EXTRA_CA_CERTS: spec.tls.caFile,
  };
}

export function runOpenclaw(
  spec: LaunchSpec,
  label: string,
  args: string[],
  hardTimeoutMs: number,
): Promise<CommandOutcome> {
  const stdoutFile = join(spec.artifactsDir, `${label}.stdout`);
  const stderrFile = join(spec.artifactsDir, `${label}.stderr`);
  const out = openSync(stdoutFile, "w");
  const err = openSync(stderrFile, "w");
  const started = Date.now();
  return new Promise<CommandOutcome>((resolve, reject) => {
    const child = spawn(spec.node24, [spec.openclawMjs, ...args], {
      cwd: spec.workDir,
      env: openclawEnv(spec),
      stdio: ["ignore", out, err],
    });
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
