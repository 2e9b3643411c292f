#!/usr/bin/env node
// Committed shim so pnpm can link the bin at install time, before dist/ is built; in the workspace, a dist/ not
// built yet is built on demand (scripts/build-on-demand.mjs at the repository root; a published copy ships dist/).
import { existsSync } from "node:fs";

const cli = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(cli)) {
  const onDemand = new URL("../../../scripts/build-on-demand.mjs", import.meta.url);
  if (!existsSync(onDemand)) {
    process.stderr.write("docs-tables: this copy has no dist/: reinstall it\n");
    process.exit(1);
  }
  (await import(onDemand.href)).buildOnDemand("docs-tables", new URL("..", import.meta.url));
}
await import(cli.href);
