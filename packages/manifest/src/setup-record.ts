/**
 * A manifest as the image stages it: plugin references point at the staged plugin tree instead of the package's
 * source folder. Shared by the registry (registry.ts) and the split between upstream's folder and the index
 * (upstream.ts).
 */
import { z } from "zod";
import { effectsSchema, type Manifest, manifestSchema } from "./schema.js";
import { pluginId } from "./strings.js";

/** Where plugins live inside the sandbox image; the Dockerfile copies `openclaw-plugins/` there. */
export const PLUGIN_INSTALL_ROOT = "/usr/local/share/nemoclaw/openclaw-plugins";
export const PLUGINS_DIR = "openclaw-plugins";

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

/**
 * Upstream NemoClaw names its plugins `nemoclaw-<name>` and stages each in `openclaw-plugins/<name>`; the builder
 * follows that, so a plugin both ship has the same id and the same folder in either image.
 */
const UPSTREAM_PLUGIN_ID_PREFIX = "nemoclaw-";

/** The folder of `openclaw-plugins/` a plugin is staged in: its id, without upstream's `nemoclaw-` prefix. */
export function stagedPluginFolder(id: string): string {
  return id.startsWith(UPSTREAM_PLUGIN_ID_PREFIX) ? id.slice(UPSTREAM_PLUGIN_ID_PREFIX.length) : id;
}

export function stagedPlugin(id: string): StagedPlugin {
  const folder = stagedPluginFolder(id);
  return { id, path: `${PLUGINS_DIR}/${folder}`, loadPath: `${PLUGIN_INSTALL_ROOT}/${folder}` };
}

/**
 * A manifest as the image stages it, whole: plugin references point at the staged tree instead of the package's
 * source folder. On disk it is split between upstream's folder and the index (upstream.ts); registry.json and
 * openclaw-config hold it whole.
 */
export const setupRecordSchema = manifestSchema.safeExtend({
  effects: effectsSchema.safeExtend({ openclawPlugins: z.array(stagedPluginSchema).min(1).optional() }),
});
export type SetupRecord = z.infer<typeof setupRecordSchema>;

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
