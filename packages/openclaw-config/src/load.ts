import { type Stats, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { readRegularFile } from "@model-setup/discovery/package-file";
import {
  type Agent,
  anyModelShardPath,
  decodeJson,
  type IndexRecord,
  indexRecordPath,
  indexRecordSchema,
  indexShardSchema,
  joinUpstreamRecord,
  matchesRoute,
  overlappingParts,
  type Problem,
  ProblemsError,
  parseWithProblems,
  REGISTRY_FILE,
  type Registry,
  type RouteContext,
  recordPath,
  registrySchema,
  SETUP_INDEX_DIR,
  SETUP_INSTALL_ROOT,
  type SetupRecord,
  setupRecordSchema,
  shardPathsForRoute,
  upstreamRecordSchema,
} from "@model-setup/manifest";
import type { z } from "zod";
import { MAX_INPUT_FILE_BYTES } from "./files.js";

/** The setup directory is missing or is not a built model-specific-setup directory. */
export class SetupDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SetupDirError";
  }
}

/**
 * A path's stat, or why there is none. Synchronous (node:fs is loaded with Node itself; node:fs/promises would add
 * a module load to every run for three calls that wait on nothing).
 */
function statOrError(path: string): Stats | NodeJS.ErrnoException {
  try {
    return statSync(path);
  } catch (error) {
    return error as NodeJS.ErrnoException;
  }
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === "ENOENT";
}

async function assertDirectory(setupDir: string): Promise<void> {
  // Any stat failure (missing, ENAMETOOLONG, EACCES, ...) is a bad setting, not a crash.
  const info = statOrError(setupDir);
  if (info instanceof Error || !info.isDirectory()) {
    const reason = info instanceof Error && !isNotFound(info) ? ` (${info.code ?? info.message})` : "";
    throw new SetupDirError(
      `model-specific setup directory ${setupDir.length > 200 ? `${setupDir.slice(0, 200)}…` : setupDir} does not exist or is not a directory${reason}: point NEMOCLAW_MODEL_SPECIFIC_SETUP_DIR (or --setup-dir) at the image context's model-specific-setup directory`,
    );
  }
}

/**
 * Where the registry is looked for when NEMOCLAW_MODEL_SPECIFIC_SETUP_DIR is unset: this project's install root,
 * then upstream NemoClaw's two blueprint locations (its generator also tries two paths relative to itself, which
 * have no equivalent here).
 */
export const DEFAULT_SETUP_DIRS: readonly string[] = [
  SETUP_INSTALL_ROOT,
  "/opt/nemoclaw-blueprint/model-specific-setup",
  "/sandbox/.nemoclaw/blueprints/0.1.0/model-specific-setup",
];

/** The first of `candidates` that is a directory; undefined when none is. */
export async function firstExistingDir(candidates: readonly string[]): Promise<string | undefined> {
  for (const dir of candidates) {
    const info = statOrError(dir);
    if (!(info instanceof Error) && info.isDirectory()) return dir;
  }
  return undefined;
}

/**
 * Where this project's lookup index and registry.json sit for a setup directory: its sibling SETUP_INDEX_DIR, so
 * the setup directory itself holds only what upstream NemoClaw's generator can read.
 */
export function indexDirOf(setupDir: string): string {
  return join(dirname(resolve(setupDir)), SETUP_INDEX_DIR);
}

/** The directory exists and its sibling index holds the agent's shards (buildIndexFiles always writes any-model). */
export async function assertSetupDir(setupDir: string, agent: Agent): Promise<void> {
  await assertDirectory(setupDir);
  const anyModel = join(indexDirOf(setupDir), anyModelShardPath(agent));
  const info = statOrError(anyModel);
  if (info instanceof Error || !info.isFile()) {
    throw new SetupDirError(
      `${setupDir} has no built lookup index beside it (${anyModel} is missing): point at the model-specific-setup directory of an image context built by the registry builder, which stages ${SETUP_INDEX_DIR}/ next to it`,
    );
  }
}

/**
 * Reads and validates one JSON file of the setup directory; undefined when it does not exist and `optional` is set.
 * Read with the tools' one safe reader (a FIFO or folder is refused at once, as is text that is not UTF-8) and
 * decoded with the depth limit, so no file of a hostile context can hang the CLI or overflow its stack.
 */
async function readJson<T>(file: string, schema: z.ZodType<T>, optional: boolean): Promise<T | undefined> {
  const read = readRegularFile(file, MAX_INPUT_FILE_BYTES);
  if (!read.ok && read.missing && optional) return undefined;
  const decoded = read.ok
    ? decodeJson(read.text, file)
    : { ok: false as const, problems: [{ file, pointer: "", message: read.message }] };
  if (!decoded.ok) {
    throw new ProblemsError(
      decoded.problems.map((problem) => ({
        ...problem,
        message: `${problem.message}; rebuild the image context`,
      })),
      "invalid file in the model-specific setup directory",
    );
  }
  const result = parseWithProblems(schema, decoded.value, file);
  if (!result.ok) throw new ProblemsError(result.problems, `invalid file ${file}`);
  return result.data;
}

/**
 * The setup records for a route, read from the sharded index: only the shards the route can hit
 * (`shardPathsForRoute`) and the records they name are read and validated, so the cost does not grow with the
 * number of interventions. Shards only narrow the candidates; every predicate is then checked. Sorted by id.
 */
export async function loadMatchingRecords(
  setupDir: string,
  agent: Agent,
  route: RouteContext,
): Promise<SetupRecord[]> {
  await assertSetupDir(setupDir, agent);
  const indexDir = indexDirOf(setupDir);
  const shards = await Promise.all(
    shardPathsForRoute(agent, route).map(async ({ path, key }) => {
      const file = join(indexDir, path);
      const shard = await readJson(file, indexShardSchema, true);
      if (shard && shard.key !== key) {
        throw new ProblemsError(
          [
            {
              file,
              pointer: "/key",
              message: `index shard holds key ${JSON.stringify(shard.key)}, expected ${JSON.stringify(key)}: rebuild the image context`,
            },
          ],
          "inconsistent index",
        );
      }
      return shard?.interventions ?? [];
    }),
  );
  const ids = [...new Set(shards.flat())].sort();
  const records = await Promise.all(ids.map((id) => loadRecord(setupDir, indexDir, agent, id)));
  return records.filter((record) => matchesRoute(record.match, route));
}

/**
 * One whole record: this project's half from the index, joined by id with upstream's half in the setup directory
 * (absent when upstream's readers get none of it), then validated as one record.
 */
async function loadRecord(
  setupDir: string,
  indexDir: string,
  agent: Agent,
  id: string,
): Promise<SetupRecord> {
  const indexFile = join(indexDir, indexRecordPath(agent, id));
  const upstreamFile = join(setupDir, recordPath(agent, id));
  const index = (await readJson(indexFile, indexRecordSchema, false)) as IndexRecord;
  const upstream = await readJson(upstreamFile, upstreamRecordSchema, true);
  const problems: Problem[] = [];
  for (const [file, half] of [
    [indexFile, index],
    [upstreamFile, upstream],
  ] as const) {
    if (!half) continue;
    if (half.id !== id) {
      problems.push({
        file,
        pointer: "/id",
        message: `the index names ${id} but the record's id is ${half.id}`,
      });
    }
    if (half.agent !== agent) {
      problems.push({
        file,
        pointer: "/agent",
        message: `listed under ${agent} but the record's agent is ${half.agent}`,
      });
    }
  }
  for (const pointer of upstream ? overlappingParts(upstream, index) : []) {
    problems.push({ file: indexFile, pointer, message: `${upstreamFile} holds it too` });
  }
  if (problems.length > 0) throw new ProblemsError(problems, "inconsistent index: rebuild the image context");
  const joined = parseWithProblems(setupRecordSchema, joinUpstreamRecord(upstream, index), indexFile);
  if (!joined.ok) {
    const hint = upstream ? `joined with ${upstreamFile}` : `${upstreamFile} is missing`;
    throw new ProblemsError(
      joined.problems.map((problem) => ({ ...problem, message: `${problem.message} (${hint})` })),
      `incomplete record for ${id}: rebuild the image context`,
    );
  }
  return joined.data;
}

/** The whole registry (registry.json beside the setup directory). Only `explain` reads it; generation never does. */
export async function loadRegistry(setupDir: string): Promise<Registry> {
  await assertDirectory(setupDir);
  const file = join(indexDirOf(setupDir), REGISTRY_FILE);
  const registry = await readJson(file, registrySchema, true);
  if (!registry) {
    throw new SetupDirError(
      `${setupDir} has no registry beside it (${file} is missing): rebuild the image context with the registry builder`,
    );
  }
  return registry;
}
