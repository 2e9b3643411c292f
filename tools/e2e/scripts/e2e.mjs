#!/usr/bin/env node
/**
 * `pnpm e2e [--filter <intervention-id|case-name>]... [--no-build]`
 * Builds what the cases consume (image context + config generator; a turbo cache hit when unchanged), then runs
 * every discovered case with vitest (vitest.e2e.config.ts). Filters are exact intervention ids or case names.
 */
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const e2eRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = resolve(e2eRoot, "..", "..");

const filters = [];
let build = true;
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === "--") continue;
  if (arg === "--no-build") build = false;
  else if (arg === "--filter") filters.push(args[++i] ?? "");
  else if (arg.startsWith("--filter=")) filters.push(arg.slice("--filter=".length));
  else {
    console.error(
      `e2e: unknown argument ${arg}\nusage: pnpm e2e [--filter <intervention-id|case-name>]... [--no-build]`,
    );
    process.exit(64);
  }
}
if (filters.some((f) => !f)) {
  console.error("e2e: --filter needs a value");
  process.exit(64);
}

function run(cmd, cmdArgs, options) {
  const result = spawnSync(cmd, cmdArgs, { stdio: "inherit", ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

if (build) {
  const status = run(
    join(repoRoot, "node_modules", ".bin", "turbo"),
    [
      "run",
      "build",
      "--filter=@model-setup/image-context",
      "--filter=@model-setup/openclaw-config",
      "--filter=@model-setup/e2e",
      "--output-logs=errors-only",
    ],
    { cwd: repoRoot },
  );
  if (status !== 0) process.exit(status);
}

const status = run(
  join(repoRoot, "node_modules", ".bin", "vitest"),
  ["run", "--config", "vitest.e2e.config.ts"],
  {
    cwd: e2eRoot,
    env: { ...process.env, E2E_FILTER: filters.join(",") },
  },
);
process.exit(status);
