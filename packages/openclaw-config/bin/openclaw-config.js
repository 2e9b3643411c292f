#!/usr/bin/env node
// Committed shim so pnpm can link the bin at install time, before dist/ is built; in the workspace, a dist/ not
// built yet is built on demand (scripts/build-on-demand.mjs at the repository root; a published copy ships dist/).
// It runs dist/cli.cjs, the CLI bundled into one file (scripts/bundle-cli.mjs), which starts in about half the
// time of dist/cli.js and its modules; a dist/ whose build stopped before the bundle still runs, from those.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";

const cli = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(cli)) {
  const onDemand = new URL("../../../scripts/build-on-demand.mjs", import.meta.url);
  if (!existsSync(onDemand)) {
    process.stderr.write("openclaw-config: this copy has no dist/: reinstall it\n");
    process.exit(1);
  }
  (await import(onDemand.href)).buildOnDemand("openclaw-config", new URL("..", import.meta.url));
}
if (existsSync(new URL("../dist/cli.cjs", import.meta.url)))
  createRequire(import.meta.url)("../dist/cli.cjs");
else await import(cli.href);
