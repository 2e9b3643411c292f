/** The built CLI run as users run it, in its own process, for tests of what it does with files on disk. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect } from "vitest";
import { PACKAGE_ROOT } from "./setup-dir.js";

const CLI = join(PACKAGE_ROOT, "bin", "openclaw-config.js");

/** The managed route of `model`, read from `setupDir`. */
export function routeEnv(model: string, setupDir: string): Record<string, string> {
  return {
    NEMOCLAW_MODEL: model,
    NEMOCLAW_INFERENCE_PROVIDER_ID: "inference",
    NEMOCLAW_INFERENCE_API: "openai-completions",
    NEMOCLAW_INFERENCE_BASE_URL: "https://inference.local/v1",
    NEMOCLAW_MODEL_SPECIFIC_SETUP_DIR: setupDir,
  };
}

/**
 * Runs the CLI. A CLI that waited on a file (a FIFO) would never exit: the child's timeout turns that into a
 * failed assertion instead of a stuck suite, without asserting on any clock.
 */
export function runCliProcess(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", ...env },
    timeout: 20_000,
  });
  expect(
    result.error,
    `openclaw-config ${args.join(" ")} did not finish: it waited on a file`,
  ).toBeUndefined();
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Makes a FIFO at `path` (nothing ever writes to it: a reader that opens it plainly waits forever). */
export function mkfifo(path: string): void {
  expect(spawnSync("mkfifo", [path]).status).toBe(0);
}
