import { z } from "zod";
import { canonicalJson } from "./canonical-json.js";
import { bareModelId, candidatePrefixes, normalizeModelId, type RouteContext } from "./route.js";
import { type Agent, agentSchema } from "./schema.js";
import {
  PLUGIN_INSTALL_ROOT,
  type SetupRecord,
  setupRecordSchema,
  stagedPluginSchema,
} from "./setup-record.js";
import { sha256Hex } from "./sha256.js";
import { interventionId, openclawRange, packageName, packageVersion } from "./strings.js";
import { splitForUpstream, type UpstreamSplit, upstreamGapSchema } from "./upstream.js";
import { compareCodePoints } from "./values.js";

/** Where the staged registry lives inside the sandbox image; the Dockerfile copies `model-specific-setup/` there. */
export const SETUP_INSTALL_ROOT = "/usr/local/share/nemoclaw/model-specific-setup";
/**
 * The registry as upstream NemoClaw's readers read it: `schema.json` and one `<agent>/<id>.json` record per
 * intervention they can apply, holding only what they accept (upstream.ts); nothing else, since they validate every
 * other `*.json` below it as a record.
 */
export const SETUP_DIR = "model-specific-setup";
/**
 * This project's half of every record, the lookup index and registry.json: a sibling of the setup directory,
 * never inside it.
 */
export const SETUP_INDEX_DIR = "model-setup-index";
export const SETUP_INDEX_INSTALL_ROOT = "/usr/local/share/nemoclaw/model-setup-index";
export const REGISTRY_FILE = "registry.json";
export const REGISTRY_SCHEMA_VERSION = 6;

export const packageRefSchema = z.strictObject({ name: packageName, version: packageVersion });

export const registryEntrySchema = z.strictObject({
  id: interventionId,
  agent: agentSchema,
  package: packageRefSchema,
  /**
   * Where the record's halves are staged: upstream's (relative to the setup directory; null when upstream's readers
   * get none) and this project's (relative to the index directory).
   */
  records: z.strictObject({ upstream: z.string().nullable(), index: z.string() }),
  files: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
});
export type RegistryEntry = z.infer<typeof registryEntrySchema>;

/** An intervention the build left out because its `openclaw` range excludes the release the image targets. */
export const notAppliedEntrySchema = z.strictObject({
  id: interventionId,
  agent: agentSchema,
  package: packageRefSchema,
  range: openclawRange,
});
export type NotAppliedEntry = z.infer<typeof notAppliedEntrySchema>;

export const registrySchema = z.strictObject({
  schemaVersion: z.literal(REGISTRY_SCHEMA_VERSION),
  pluginInstallRoot: z.literal(PLUGIN_INSTALL_ROOT),
  /** The OpenClaw release the image targets, and the interventions whose range excludes it (not staged). */
  openclaw: z.strictObject({ release: packageVersion, notApplied: z.array(notAppliedEntrySchema) }),
  interventions: z.array(
    registryEntrySchema.extend({
      /** The whole record, as openclaw-config applies it. */
      manifest: setupRecordSchema,
      /** What upstream NemoClaw's readers do not get of it, and why (upstream.ts). */
      upstream: z.strictObject({
        dropped: z.array(upstreamGapSchema),
        notStaged: z.string().optional(),
      }),
    }),
  ),
  /** Plugins staged once for the interventions that need them (the shaping plugin), with their files. */
  sharedPlugins: z.array(
    stagedPluginSchema.safeExtend({
      package: packageRefSchema,
      usedBy: z.array(interventionId).min(1),
      files: registryEntrySchema.shape.files,
    }),
  ),
});
export type Registry = z.infer<typeof registrySchema>;

/*
 * Shard paths below are relative to the index directory (SETUP_INDEX_DIR).
 */

/**
 * The lookup index is sharded into small files so a generator reads only the shards a route can hit:
 * generation cost does not grow with the number of interventions.
 */
export const indexShardSchema = z.strictObject({
  key: z.string(),
  interventions: z.array(interventionId),
});
export type IndexShard = z.infer<typeof indexShardSchema>;

function shardName(key: string): string {
  return `${sha256Hex(key).slice(0, 32)}.json`;
}

export function modelIdShardPath(agent: Agent, modelId: string): string {
  return `${agent}/model-ids/${shardName(normalizeModelId(modelId))}`;
}

export function prefixShardPath(agent: Agent, prefix: string): string {
  return `${agent}/model-id-prefixes/${shardName(prefix)}`;
}

export function anyModelShardPath(agent: Agent): string {
  return `${agent}/any-model.json`;
}

/** Path of a record's upstream half, relative to the setup directory. */
export function recordPath(agent: Agent, id: string): string {
  return `${agent}/${id}.json`;
}

/** Path of a record's own half, relative to the index directory (beside the shards, never inside one). */
export function indexRecordPath(agent: Agent, id: string): string {
  return `${agent}/records/${id}.json`;
}

/** The staged files of one record, paths relative to the context root, with the split they come from. */
export interface StagedRecord extends UpstreamSplit {
  files: { path: string; content: string }[];
  records: RegistryEntry["records"];
}

/** Lays one record out: its upstream half in the setup directory (when there is one), the rest in the index. */
export function stageRecord(record: SetupRecord): StagedRecord {
  const split = splitForUpstream(record);
  const records = {
    upstream: split.upstream ? recordPath(record.agent, record.id) : null,
    index: indexRecordPath(record.agent, record.id),
  };
  const files = [{ path: `${SETUP_INDEX_DIR}/${records.index}`, content: canonicalJson(split.index) }];
  if (split.upstream && records.upstream) {
    files.push({ path: `${SETUP_DIR}/${records.upstream}`, content: canonicalJson(split.upstream) });
  }
  return { ...split, files, records };
}

/** Shards that may name interventions for this route: O(length of the model id), independent of registry size. */
export function shardPathsForRoute(agent: Agent, route: RouteContext): { path: string; key: string }[] {
  const exact = normalizeModelId(route.modelId);
  return [
    { path: modelIdShardPath(agent, exact), key: exact },
    ...candidatePrefixes(bareModelId(route.modelId)).map((prefix) => ({
      path: prefixShardPath(agent, prefix),
      key: prefix,
    })),
    { path: anyModelShardPath(agent), key: "*" },
  ];
}

/** All index shard files (relative path → content) for a set of manifests. */
export function buildIndexFiles(
  records: readonly Pick<SetupRecord, "id" | "agent" | "match">[],
): Map<string, string> {
  const shards = new Map<string, IndexShard>();
  const add = (path: string, key: string, id: string) => {
    const shard = shards.get(path) ?? { key, interventions: [] };
    if (shard.key !== key) throw new Error(`index shard collision between ${shard.key} and ${key}`);
    if (!shard.interventions.includes(id)) shard.interventions.push(id);
    shards.set(path, shard);
  };
  for (const agent of agentSchema.options)
    shards.set(anyModelShardPath(agent), { key: "*", interventions: [] });
  for (const record of records) {
    if (record.match.modelIds) {
      for (const id of record.match.modelIds) {
        add(modelIdShardPath(record.agent, id), normalizeModelId(id), record.id);
      }
    } else if (record.match.modelIdPrefixes) {
      for (const prefix of record.match.modelIdPrefixes)
        add(prefixShardPath(record.agent, prefix), prefix, record.id);
    } else {
      add(anyModelShardPath(record.agent), "*", record.id);
    }
  }
  const files = new Map<string, string>();
  for (const [path, shard] of [...shards].sort(([a], [b]) => compareCodePoints(a, b))) {
    files.set(path, canonicalJson({ ...shard, interventions: [...shard.interventions].sort() }));
  }
  return files;
}
