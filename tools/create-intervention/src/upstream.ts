/**
 * Upstream NemoClaw's registry format, turned into this project's manifests. Pure: the folders a manifest names
 * are looked at through `inspectPlugin`, which the I/O shell (import.ts) provides.
 *
 * Upstream keeps one record per intervention (`model-specific-setup/<agent>/<id>.json`: id, agent, description,
 * match, effects) and its plugins beside the registry (`openclaw-plugins/<name>/` with `openclaw.plugin.json` and
 * `index.js` or `index.ts`), referenced as `{id, path, loadPath}` with `loadPath` =
 * `/usr/local/share/nemoclaw/<path>`. Here a plugin lives in its package and the builder derives where it is
 * installed, so `loadPath` goes; evidence and a removal condition, which upstream does not record, are asked for.
 */
import { type Agent, checkManifest, formatProblem, isRecord, type Manifest } from "@model-setup/manifest";
import { MANIFEST_SCHEMA_REF } from "./spec.js";

const UPSTREAM_INSTALL_PREFIX = "/usr/local/share/nemoclaw/";
const UPSTREAM_FIELDS = ["$schema", "id", "agent", "description", "match", "effects"];
/** The fields of a plugin reference in upstream's format (its schema refuses any other). */
const UPSTREAM_PLUGIN_FIELDS = ["id", "path", "loadPath"];

/** What the import found in an upstream plugin folder: its entry file and its manifest's id. */
export type PluginFolder = { entry: string; pluginId: unknown } | { problem: string };

/** One plugin of an imported intervention: copied from `source` into the package at `target`. */
export interface ImportedPlugin {
  id: string;
  /** Upstream's path, relative to the folder holding the registry (`openclaw-plugins/<name>`). */
  source: string;
  /** Where it goes in the package. */
  target: string;
}

export interface ConvertedManifest {
  id: string;
  agent: Agent;
  /** The manifest.json the package gets: validated with this project's schema, kept as written (key order). */
  manifest: Manifest;
  plugins: ImportedPlugin[];
}

export interface ImportAnswers {
  evidence: string[];
  removeWhen: string;
}

function pluginsOf(
  effects: Record<string, unknown>,
  inspectPlugin: (path: string) => PluginFolder,
): { refs: Record<string, unknown>[]; plugins: ImportedPlugin[]; problems: string[] } {
  const problems: string[] = [];
  const refs: Record<string, unknown>[] = [];
  const plugins: ImportedPlugin[] = [];
  const listed = effects.openclawPlugins;
  if (listed === undefined) return { refs, plugins, problems };
  if (!Array.isArray(listed) || listed.length === 0) {
    return { refs, plugins, problems: ["#/effects/openclawPlugins: must be a non-empty list"] };
  }
  for (const [index, ref] of listed.entries()) {
    const at = `#/effects/openclawPlugins/${index}`;
    // Listed, never dropped: a field carried by no one would be a silent change of the record.
    const unknown = isRecord(ref)
      ? Object.keys(ref).filter((key) => !UPSTREAM_PLUGIN_FIELDS.includes(key))
      : [];
    if (unknown.length > 0) {
      problems.push(
        ...unknown.map(
          (key) =>
            `${at}/${key}: not a field of upstream's plugin reference (${UPSTREAM_PLUGIN_FIELDS.join(", ")}): remove it or carry it by hand`,
        ),
      );
      continue;
    }
    const { id, path, loadPath } = isRecord(ref) ? ref : {};
    if (typeof id !== "string" || typeof path !== "string") {
      problems.push(`${at}: a plugin needs a string id and path`);
      continue;
    }
    if (path.startsWith("/") || path.split("/").includes("..")) {
      problems.push(
        `${at}/path: ${JSON.stringify(path)} must be relative without '..' (upstream's own rule)`,
      );
      continue;
    }
    if (loadPath !== `${UPSTREAM_INSTALL_PREFIX}${path}`) {
      problems.push(
        `${at}/loadPath: must be ${JSON.stringify(`${UPSTREAM_INSTALL_PREFIX}${path}`)} for path ${JSON.stringify(path)} (upstream's own rule); here the builder derives it, so fix the record or drop the plugin`,
      );
      continue;
    }
    const folder = inspectPlugin(path);
    if ("problem" in folder) {
      problems.push(`${at}/path: ${folder.problem}`);
      continue;
    }
    if (folder.pluginId !== id) {
      problems.push(
        `${at}/id: ${path}/openclaw.plugin.json declares id ${JSON.stringify(folder.pluginId)}, not ${JSON.stringify(id)}: OpenClaw would load it under another name`,
      );
      continue;
    }
    const target = listed.length === 1 ? "plugin" : `plugins/${id}`;
    refs.push({ id, path: target, entry: folder.entry });
    plugins.push({ id, source: path, target });
  }
  return { refs, plugins, problems };
}

/**
 * One upstream record as this project's manifest, or every reason it cannot be: problems are
 * `#/json/pointer: what and why`, relative to the upstream record.
 */
export function convertUpstreamManifest(
  value: unknown,
  answers: ImportAnswers,
  inspectPlugin: (path: string) => PluginFolder,
): { ok: true; converted: ConvertedManifest } | { ok: false; problems: string[] } {
  if (!isRecord(value)) return { ok: false, problems: ["#: not a manifest (a JSON object)"] };
  const problems = Object.keys(value)
    .filter((key) => !UPSTREAM_FIELDS.includes(key))
    .map((key) => `#/${key}: not a field of upstream's manifest format: remove it or carry it by hand`);
  const effects = isRecord(value.effects) ? value.effects : {};
  const { refs, plugins, problems: pluginProblems } = pluginsOf(effects, inspectPlugin);
  problems.push(...pluginProblems);
  const manifest: Record<string, unknown> = {
    $schema: MANIFEST_SCHEMA_REF,
    id: value.id,
    agent: value.agent,
    description: value.description,
    evidence: answers.evidence,
    removeWhen: answers.removeWhen,
    match: value.match,
    effects: refs.length > 0 ? { ...effects, openclawPlugins: refs } : value.effects,
  };
  const checked = checkManifest(manifest, "");
  if (!checked.ok) {
    for (const problem of checked.problems) {
      // Plugin references were rebuilt above; their problems are reported against upstream's fields already.
      if (problem.pointer.startsWith("/effects/openclawPlugins") && pluginProblems.length > 0) continue;
      problems.push(formatProblem(problem));
    }
  }
  if (problems.length > 0 || !checked.ok) return { ok: false, problems };
  return {
    ok: true,
    converted: {
      id: checked.manifest.id,
      agent: checked.manifest.agent,
      manifest: manifest as Manifest,
      plugins,
    },
  };
}
