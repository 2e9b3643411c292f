#!/usr/bin/env node
// `pnpm e2e` (the `model-setup-e2e` bin): runs the harness's built CLI (src/cli.ts; `--help` lists what it does). In
// the workspace a dist/ not built yet is built on demand (scripts/build-on-demand.mjs at the repository root).
import { existsSync } from "node:fs";

const cli = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(cli)) {
  const onDemand = new URL("../../../scripts/build-on-demand.mjs", import.meta.url);
  (await import(onDemand.href)).buildOnDemand("model-setup-e2e", new URL("..", import.meta.url));
}
await import(cli.href);
