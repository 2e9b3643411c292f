import { createHash } from "node:crypto";
import { z } from "zod";
import { canonicalJson } from "./canonical-json.js";
import { BUILD_PROFILES, type BuildProfile } from "./profiles.js";
import { bareModelId, candidatePrefixes, normalizeModelId, type RouteContext } from "./route.js";
import { type Agent, agentSchema, effectsSchema, type Manifest, manifestSchema } from "./schema.js";
import { interventionId, openclawRange, packageName, packageVersion, pluginId } from "./strings.js";
import { compareCodePoints } from "./values.js";

/** Where plugins live inside the sandbox image; the Dockerfile copies `openclaw-plugins/` there. */
export const PLUGIN_INSTALL_ROOT = "/usr/local/share/nemoclaw/openclaw-plugins";
/** Where the staged registry lives inside the sandbox image; the Dockerfile copies `model-specific-setup/` there. */
export const SETUP_INSTALL_ROOT = "/usr/local/share/nemoclaw/model-specific-setup";
/**
 * The registry as upstream NemoClaw's generator reads it: `schema.json` and one `<agent>/<id>.json` record per
 * intervention, nothing else (that generator validates every other `*.json` below it as a manifest).
 */
export const SETUP_DIR = "model-specific-setup";
/** This project's lookup index and registry.json: a sibling of the setup directory, never inside it. */
export const SETUP_INDEX_DIR = "model-setup-index";
export const SETUP_INDEX_INSTALL_ROOT = "/usr/local/share/nemoclaw/model-setup-index";
export const REGISTRY_FILE = "registry.json";
export const PLUGINS_DIR = "openclaw-plugins";
export const REGISTRY_SCHEMA_VERSION = 5;

/** Exactly where the builder stages a plugin and where the image installs it: nothing else is ever loaded. */
export const stagedPluginSchema = z
  .strictObject({ id: pluginId, path: z.string(), loadPath: z.string() })
  .superRefine((plugin, ctx) => {
    const expected = stagedPlugin(plugin.id);
    for (const field of ["path", "loadPath"] as const) {
      if (plugin[field] !== expected[field]) {
        ctx.addIssue({
          code: "custom",
          path: [field],
          message: `must be ${JSON.stringify(expected[field])} for plugin ${plugin.id}: rebuild the image context`,
        });
      }
    }
  });
export type StagedPlugin = z.infer<typeof stagedPluginSchema>;

export function stagedPlugin(id: string): StagedPlugin {
  return { id, path: `${PLUGINS_DIR}/${id}`, loadPath: `${PLUGIN_INSTALL_ROOT}/${id}` };
}

export const packageRefSchema = z.strictObject({ name: packageName, version: packageVersion });

/**
 * A manifest as staged in the image (`model-specific-setup/<agent>/<id>.json`): plugin references point at the
 * staged tree instead of the package's source folder, and nothing but manifest fields (the package identity is in
 * registry.json), so upstream NemoClaw's generator reads the same files.
 */
export const setupRecordSchema = manifestSchema.safeExtend({
  effects: effectsSchema.safeExtend({ openclawPlugins: z.array(stagedPluginSchema).min(1).optional() }),
});
export type SetupRecord = z.infer<typeof setupRecordSchema>;

export const registryEntrySchema = z.strictObject({
  id: interventionId,
  agent: agentSchema,
  package: packageRefSchema,
  /** Path of the setup record, relative to the model-specific-setup directory. */
  record: z.string(),
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
  /** The consumer the context was built for, and the interventions left out because it cannot read them. */
  profile: z.strictObject({
    name: z.enum(Object.keys(BUILD_PROFILES) as [BuildProfile, ...BuildProfile[]]),
    leftOut: z.array(
      notAppliedEntrySchema.omit({ range: true }).extend({ unsupported: z.array(z.string()).min(1) }),
    ),
  }),
  interventions: z.array(registryEntrySchema.extend({ manifest: setupRecordSchema })),
  /** Plugins staged once for the interventions that need them (the request-shaping plugin), with their files. */
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
  return `${createHash("sha256").update(key).digest("hex").slice(0, 32)}.json`;
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

/** Path of a setup record, relative to the setup directory. */
export function recordPath(agent: Agent, id: string): string {
  return `${agent}/${id}.json`;
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

/** The staged form of a manifest: plugin references rewritten to the staged tree, `$schema` dropped. */
export function toSetupRecord(manifest: Manifest): SetupRecord {
  const { $schema: _schema, ...rest } = manifest;
  const { openclawPlugins, ...effects } = manifest.effects;
  return {
    ...rest,
    effects: openclawPlugins
      ? { ...effects, openclawPlugins: openclawPlugins.map((p) => stagedPlugin(p.id)) }
      : effects,
  };
}
