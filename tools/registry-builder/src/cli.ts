#!/usr/bin/env node
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { formatProblem, type Problem } from "@model-setup/manifest";
import { assemble } from "./assemble.js";
import { BuildCache, DEFAULT_CACHE_DIR } from "./cache.js";
import { discoverWorkspace, displayPath } from "./discover.js";
import { OUTPUT, writeOutputAtomically } from "./write.js";

const USAGE = `usage:
  registry-builder build [--workspace DIR] --out DIR   validate, bundle and write the image context
  registry-builder check [--workspace DIR]             validate only

--workspace defaults to the current directory (the folder holding pnpm-workspace.yaml).
--cache-dir DIR   per-package cache of validated manifests and bundles (default <workspace>/${DEFAULT_CACHE_DIR})
--no-cache        validate and bundle every package afresh (the output is the same either way)`;

function fail(code: number, message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function report(root: string, problems: readonly Problem[]): never {
  const lines = problems.map(
    (problem) => `  - ${formatProblem({ ...problem, file: displayPath(root, problem.file) })}`,
  );
  fail(1, `registry-builder: ${problems.length} problem(s); nothing was written:\n${lines.join("\n")}`);
}

async function main(argv: string[]): Promise<void> {
  let parsed: ReturnType<typeof parse>;
  const parse = (args: string[]) =>
    parseArgs({
      args,
      allowPositionals: true,
      options: {
        workspace: { type: "string" },
        out: { type: "string" },
        "cache-dir": { type: "string" },
        "no-cache": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  try {
    parsed = parse(argv);
  } catch (error) {
    fail(2, `registry-builder: ${(error as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (values.help || !command) fail(values.help ? 0 : 2, USAGE);
  if (command !== "build" && command !== "check")
    fail(2, `registry-builder: unknown command ${command}\n${USAGE}`);
  if (command === "build" && !values.out) fail(2, `registry-builder: build needs --out DIR\n${USAGE}`);

  const root = resolve(values.workspace ?? process.cwd());
  const discovery = await discoverWorkspace(root);
  if (discovery.problems.length > 0) report(root, discovery.problems);
  const cache = values["no-cache"]
    ? undefined
    : new BuildCache(resolve(root, values["cache-dir"] ?? DEFAULT_CACHE_DIR));
  const result = await assemble(discovery.packages, cache ? { cache } : {});
  if (!result.ok) report(root, result.problems);
  const count = result.interventions.length;
  if (command === "check") {
    process.stdout.write(`registry-builder: ${count} intervention(s) valid\n`);
    return;
  }
  const outDir = resolve(values.out as string);
  await writeOutputAtomically(outDir, result.output);
  process.stdout.write(
    `registry-builder: ${count} intervention(s), ${result.output.files.length} files -> ${displayPath(process.cwd(), outDir)}/${OUTPUT.context}\n` +
      `${OUTPUT.tarball} sha256 ${result.output.tarballSha256}\n`,
  );
  if (cache) {
    const { hits, misses, rejected } = cache.stats;
    process.stdout.write(
      `cache: ${hits} reused, ${misses} rebuilt${rejected ? ` (${rejected} bad entries ignored)` : ""}\n`,
    );
  }
}

main(process.argv.slice(2)).catch((error: unknown) =>
  fail(1, `registry-builder: ${(error as Error).stack ?? error}`),
);
