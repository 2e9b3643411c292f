#!/usr/bin/env node
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { type Discovery, discoverFromLock, discoverWorkspace, displayPath } from "@model-setup/discovery";
import {
  formatProblem,
  NEWEST_OPENCLAW_RELEASE,
  OPENCLAW_RELEASES,
  type Problem,
  splitForUpstream,
  toSetupRecord,
} from "@model-setup/manifest";
import { type AssembleResult, assemble } from "./assemble.js";
import { BundleCache, DEFAULT_CACHE_DIR } from "./cache.js";
import { runMain } from "./run-main.js";
import { Timings } from "./timings.js";
import {
  assertReplaceableOutput,
  OUTPUT,
  OutputRefusedError,
  OutputWriteError,
  writeOutputAtomically,
} from "./write.js";

const USAGE = `usage:
  registry-builder build [--workspace DIR] --out DIR   validate, bundle and write the image context
  registry-builder check [--workspace DIR]             validate only
  registry-builder build --from-lock FILE --out DIR    the same from released interventions (see below)
  registry-builder check --from-lock FILE

--workspace defaults to the current directory (the folder holding pnpm-workspace.yaml).
--cache-dir DIR   per-package cache of plugin bundles (default <workspace>/${DEFAULT_CACHE_DIR})
--no-cache        bundle every plugin afresh (the output is the same either way)
--timings         print the wall time of each build phase to stderr
--openclaw VERSION  the OpenClaw release the image targets (${OPENCLAW_RELEASES.join(", ")}; default
                  ${NEWEST_OPENCLAW_RELEASE}): a compat key that release does not accept is refused

Every context is read by upstream NemoClaw's readers and this project's openclaw-config alike: upstream's get
each part they can apply, the rest is staged in the index beside them (registry.json says what, per intervention).

--from-lock FILE  build from released packages instead of the workspace: FILE is an npm package-lock.json
                  (its installed packages with a modelSetup field are the interventions) or
                  {"interventions": [{"name", "version", "integrity"}]}. Each tarball is fetched with npm pack,
                  must match the lock's sha512, and must equal the installed copy when one is installed.
--node-modules DIR  where they are installed (default: node_modules beside FILE)
--registry URL    registry for npm pack (default: npm's configuration)`;

const FLAGS = {
  workspace: { type: "string" },
  out: { type: "string" },
  "cache-dir": { type: "string" },
  "no-cache": { type: "boolean" },
  "from-lock": { type: "string" },
  "node-modules": { type: "string" },
  registry: { type: "string" },
  timings: { type: "boolean" },
  openclaw: { type: "string" },
  // Gone with the build profiles; parsed only to name what replaced them.
  profile: { type: "string" },
  "leave-out-unsupported": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const parseFlags = (args: string[]) => parseArgs({ args, allowPositionals: true, options: FLAGS });

/** What the command line asks for, or the exit code and message when it asks for nothing runnable. */
interface CliOptions {
  command: "build" | "check";
  /** Folder problems are reported relative to: the workspace, or the current folder for --from-lock. */
  root: string;
  fromLock?: { lockFile: string; nodeModules: string; registry?: string };
  outDir?: string;
  cache?: BundleCache;
  timings?: Timings;
  openclaw: string;
}

type Parsed = { options: CliOptions } | { exitCode: number; message: string };

function parseCli(argv: string[], cwd = process.cwd()): Parsed {
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(argv);
  } catch (error) {
    return { exitCode: 2, message: `registry-builder: ${(error as Error).message}\n${USAGE}` };
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (values.help || !command) return { exitCode: values.help ? 0 : 2, message: USAGE };
  const usageError = (message: string) => ({
    exitCode: 2,
    message: `registry-builder: ${message}\n${USAGE}`,
  });
  if (command !== "build" && command !== "check") return usageError(`unknown command ${command}`);
  if (command === "build" && !values.out) return usageError("build needs --out DIR");
  if (values["from-lock"] && values.workspace) return usageError("--from-lock and --workspace are exclusive");
  if (values.profile !== undefined || values["leave-out-unsupported"] !== undefined) {
    return usageError(
      `${values.profile !== undefined ? "--profile" : "--leave-out-unsupported"} is gone: every context is readable by upstream NemoClaw's readers as it is (they get each part they can apply; registry.json lists the rest per intervention); drop the flag`,
    );
  }
  const openclaw = values.openclaw ?? NEWEST_OPENCLAW_RELEASE;
  if (!OPENCLAW_RELEASES.includes(openclaw)) {
    return usageError(`--openclaw ${openclaw} is not a supported release (${OPENCLAW_RELEASES.join(", ")})`);
  }

  const lockFile = values["from-lock"] ? resolve(cwd, values["from-lock"]) : undefined;
  const root = lockFile ? cwd : resolve(cwd, values.workspace ?? ".");
  // Released packages are extracted to a scratch folder, so they are cached only where --cache-dir says.
  const cacheDir = lockFile ? values["cache-dir"] : (values["cache-dir"] ?? DEFAULT_CACHE_DIR);
  const nodeModules = values["node-modules"];
  return {
    options: {
      command,
      root,
      fromLock: lockFile
        ? {
            lockFile,
            nodeModules: nodeModules ? resolve(cwd, nodeModules) : join(dirname(lockFile), "node_modules"),
            registry: values.registry,
          }
        : undefined,
      outDir: command === "build" ? resolve(cwd, values.out as string) : undefined,
      cache: values["no-cache"] || !cacheDir ? undefined : new BundleCache(resolve(root, cacheDir)),
      timings: values.timings ? new Timings() : undefined,
      openclaw,
    },
  };
}

function problemsMessage(root: string, problems: readonly Problem[]): string {
  const lines = problems.map(
    (problem) => `  - ${formatProblem({ ...problem, file: displayPath(root, problem.file) })}`,
  );
  return `registry-builder: ${problems.length} problem(s); nothing was written:\n${lines.join("\n")}`;
}

/** Discovery from the workspace, or from the lock's releases extracted into a scratch folder removed afterwards. */
async function withDiscovery<T>(options: CliOptions, use: (discovery: Discovery) => Promise<T>): Promise<T> {
  const { fromLock } = options;
  if (!fromLock) return use(await discoverWorkspace(options.root));
  const workDir = await mkdtemp(join(tmpdir(), "registry-builder-lock-"));
  try {
    return await use(await discoverFromLock(fromLock.lockFile, { ...fromLock, workDir }));
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** The pipeline: discover → validate, bundle and lay out (assemble) → write when building. */
async function runPipeline(options: CliOptions): Promise<AssembleResult> {
  const { outDir, cache, timings, openclaw } = options;
  const result = await withDiscovery(options, async (discovery) => {
    timings?.lap("discover");
    if (discovery.problems.length > 0) return { ok: false as const, problems: discovery.problems };
    return assemble(discovery.packages, { cache, timings, openclaw });
  });
  if (result.ok && outDir) {
    await writeOutputAtomically(outDir, result.output);
    timings?.lap("write");
  }
  return result;
}

/** Prints what the pipeline did; returns the exit code. */
function report(options: CliOptions, result: AssembleResult): number {
  const { root, outDir, cache, timings } = options;
  if (!result.ok) {
    process.stderr.write(`${problemsMessage(root, result.problems)}\n`);
    return 1;
  }
  const count = result.interventions.length;
  const release = `OpenClaw ${options.openclaw}`;
  for (const { manifest } of result.notApplied) {
    process.stdout.write(
      `registry-builder: ${manifest.id} not applied on ${release} (its openclaw range is ${JSON.stringify(manifest.openclaw)})\n`,
    );
  }
  for (const line of upstreamLines(result.interventions)) process.stdout.write(`registry-builder: ${line}\n`);
  if (!outDir) {
    process.stdout.write(`registry-builder: ${count} intervention(s) valid for ${release}\n`);
    return 0;
  }
  if (timings) process.stderr.write(`timings: ${timings.format()}\n`);
  const where = `${displayPath(process.cwd(), outDir)}/${OUTPUT.context}`;
  process.stdout.write(
    `registry-builder: ${count} intervention(s) for ${release}, ${result.output.files.length} files -> ${where}\n` +
      `${OUTPUT.tarball} sha256 ${result.output.tarballSha256}\n`,
  );
  if (cache)
    process.stdout.write(`bundle cache: ${cache.stats.hits} reused, ${cache.stats.misses} bundled\n`);
  return 0;
}

/** What upstream NemoClaw's readers do not get, one line per intervention that loses something. */
function upstreamLines(interventions: Extract<AssembleResult, { ok: true }>["interventions"]): string[] {
  return interventions.flatMap(({ manifest }) => {
    const { dropped, notStaged } = splitForUpstream(toSetupRecord(manifest));
    const parts = dropped.map((gap) => gap.pointer.slice(1)).join(", ");
    if (notStaged) return [`upstream NemoClaw's readers do not get ${manifest.id} (${notStaged}; ${parts})`];
    return dropped.length > 0 ? [`upstream NemoClaw's readers get ${manifest.id} without ${parts}`] : [];
  });
}

async function main(argv: string[]): Promise<number> {
  const parsed = parseCli(argv);
  if ("exitCode" in parsed) {
    (parsed.exitCode === 0 ? process.stdout : process.stderr).write(`${parsed.message}\n`);
    return parsed.exitCode;
  }
  try {
    // Before any work, and again right before the swap (write.ts).
    if (parsed.options.outDir) assertReplaceableOutput(parsed.options.outDir);
    return report(parsed.options, await runPipeline(parsed.options));
  } catch (error) {
    const known = error instanceof OutputRefusedError || error instanceof OutputWriteError;
    if (!known) throw error;
    process.stderr.write(`registry-builder: ${error.message}\n`);
    return error instanceof OutputRefusedError ? 2 : 1;
  }
}

runMain("registry-builder", main);
