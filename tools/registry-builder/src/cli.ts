#!/usr/bin/env node
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { formatProblem, type Problem } from "@model-setup/manifest";
import { assemble } from "./assemble.js";
import { BuildCache, DEFAULT_CACHE_DIR } from "./cache.js";
import { type Discovery, discoverWorkspace, displayPath } from "./discover.js";
import { discoverFromLock } from "./installed.js";
import { buildStateFile, previousTarball, readBuildState, writeBuildState } from "./state.js";
import { Timings } from "./timings.js";
import { OUTPUT, writeOutputAtomically } from "./write.js";

const USAGE = `usage:
  registry-builder build [--workspace DIR] --out DIR   validate, bundle and write the image context
  registry-builder check [--workspace DIR]             validate only
  registry-builder build --from-lock FILE --out DIR    the same from released interventions (see below)
  registry-builder check --from-lock FILE

--workspace defaults to the current directory (the folder holding pnpm-workspace.yaml).
--cache-dir DIR   per-package cache of validated manifests and bundles (default <workspace>/${DEFAULT_CACHE_DIR})
--timings         print the wall time of each build phase to stderr
--no-cache        validate, bundle and write everything afresh (the output is the same either way)

With a cache, a build also remembers what it wrote (<cache-dir>/outputs/): the next build into the same --out
recognises unchanged packages by their file stats, copies unchanged tar entries and hard-links unchanged files
from the current output. Each reuse is verified (tarball sha256, inode, size, mode, fixed mtime).

--from-lock FILE  build from released packages instead of the workspace: FILE is an npm package-lock.json
                  (its installed packages with a modelSetup field are the interventions) or
                  {"interventions": [{"name", "version", "integrity"}]}. Each tarball is fetched with npm pack,
                  must match the lock's sha512, and must equal the installed copy when one is installed.
--node-modules DIR  where they are installed (default: node_modules beside FILE)
--registry URL    registry for npm pack (default: npm's configuration)`;

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
        "from-lock": { type: "string" },
        "node-modules": { type: "string" },
        registry: { type: "string" },
        timings: { type: "boolean" },
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

  const fromLock = values["from-lock"];
  if (fromLock && values.workspace)
    fail(2, `registry-builder: --from-lock and --workspace are exclusive\n${USAGE}`);
  const root = fromLock ? process.cwd() : resolve(values.workspace ?? process.cwd());
  // Released packages are extracted to a scratch folder, so they are cached only where --cache-dir says.
  const cacheDir = fromLock ? values["cache-dir"] : (values["cache-dir"] ?? DEFAULT_CACHE_DIR);
  const cache = values["no-cache"] || !cacheDir ? undefined : new BuildCache(resolve(root, cacheDir));
  const timings = values.timings ? new Timings() : undefined;
  const outDir = command === "build" ? resolve(values.out as string) : undefined;
  const stateFile = cache && outDir ? buildStateFile(cache.dir, outDir) : undefined;
  const state = stateFile && outDir ? readBuildState(stateFile, outDir) : undefined;
  timings?.lap("state");
  const workDir = fromLock ? await mkdtemp(join(tmpdir(), "registry-builder-lock-")) : undefined;
  let result: Awaited<ReturnType<typeof assemble>>;
  try {
    let discovery: Discovery;
    if (fromLock && workDir) {
      const lockFile = resolve(fromLock);
      discovery = await discoverFromLock(lockFile, {
        workDir,
        nodeModules: values["node-modules"]
          ? resolve(values["node-modules"])
          : join(dirname(lockFile), "node_modules"),
        registry: values.registry,
      });
    } else {
      discovery = await discoverWorkspace(root);
    }
    if (discovery.problems.length > 0) report(root, discovery.problems);
    timings?.lap("discover");
    const previous =
      state && outDir ? { packages: state.packages, tarball: previousTarball(outDir, state) } : undefined;
    timings?.lap("previous tarball");
    result = await assemble(discovery.packages, cache ? { cache, previous, timings } : { timings });
  } finally {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  }
  if (!result.ok) report(root, result.problems);
  const count = result.interventions.length;
  if (!outDir) {
    process.stdout.write(`registry-builder: ${count} intervention(s) valid\n`);
    return;
  }
  const written = await writeOutputAtomically(outDir, result.output, { reuse: state?.files });
  timings?.lap("write");
  if (stateFile) {
    writeBuildState(stateFile, outDir, {
      packages: result.packages,
      tarballSha256: result.output.tarballSha256,
      tarballIndex: result.output.tarballIndex,
      files: written.files,
    });
    timings?.lap("save state");
  }
  if (timings) process.stderr.write(`timings: ${timings.format()}\n`);
  process.stdout.write(
    `registry-builder: ${count} intervention(s), ${result.output.files.length} files -> ${displayPath(process.cwd(), outDir)}/${OUTPUT.context}\n` +
      `${OUTPUT.tarball} sha256 ${result.output.tarballSha256}\n`,
  );
  if (cache) {
    const { hits, misses, rejected } = cache.stats;
    process.stdout.write(
      `cache: ${hits} reused, ${misses} rebuilt${rejected ? ` (${rejected} bad entries ignored)` : ""}; ` +
        `${result.recognised} recognised unchanged by stat, ${written.linked} files linked from the previous output\n`,
    );
  }
}

main(process.argv.slice(2)).catch((error: unknown) =>
  fail(1, `registry-builder: ${(error as Error).stack ?? error}`),
);
