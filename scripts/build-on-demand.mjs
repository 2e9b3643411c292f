/**
 * The workspace bins' on-demand build. Every bin is a committed shim (`<package>/bin/<name>.js`) that pnpm links
 * at install time and that runs the package's built `dist/cli.js`. Run before `pnpm turbo build`, a shim calls
 * `buildOnDemand`, which builds that package and what it depends on with turbo (a cache hit for whatever was built
 * before), so `pnpm install` then any bin works: the usage, never a missing-module stack trace. A published copy
 * ships its dist/ and never gets here; one without it is told what is wrong.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const turbo = fileURLToPath(new URL("../node_modules/.bin/turbo", import.meta.url));

/**
 * Builds the package at `packageUrl` (its folder, as a file URL) unless `dist/cli.js` is there; exits with one
 * line on stderr when that cannot be done.
 */
export function buildOnDemand(bin, packageUrl) {
  if (existsSync(new URL("dist/cli.js", packageUrl))) return;
  const fail = (why) => {
    process.stderr.write(`${bin}: ${why}\n`);
    process.exit(1);
  };
  const { name } = JSON.parse(readFileSync(new URL("package.json", packageUrl), "utf8"));
  if (!existsSync(turbo)) fail(`${name} is not built and this workspace is not installed: run pnpm install`);
  process.stderr.write(`${bin}: building ${name} first (pnpm turbo build builds every package)\n`);
  const build = spawnSync(turbo, ["run", "build", `--filter=${name}`, "--output-logs=errors-only"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, TURBO_UI: "false" },
  });
  if (build.status !== 0) {
    process.stderr.write(`${build.stdout ?? ""}${build.stderr ?? ""}`);
    fail(`building ${name} failed (output above); pnpm turbo build shows the same`);
  }
}
