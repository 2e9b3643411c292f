import { isRecord, SHAPING_PLUGIN_ID, sortKeysDeep } from "@model-setup/manifest";

type JsonObject = Record<string, unknown>;

/** Sets a key as an own data property, so a `__proto__` key read from JSON stays data and never a prototype. */
function setOwn(target: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The base config keeps OpenClaw from loading a plugin the route needs: merging would silently lose the fix. */
export class BaseConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BaseConflictError";
  }
}

type Path = readonly unknown[];

const isAt = (path: Path, ...expected: (string | undefined)[]) =>
  path.length === expected.length && expected.every((key, i) => key === undefined || key === path[i]);

/** `models.providers.<any>.models`: a list of model entries, one per id. */
const isModelList = (path: Path) => isAt(path, "models", "providers", undefined, "models");

/** The arrays whose entries are independent: a user's and the generator's entries live side by side. */
export type ArrayKind = "models" | "set";

/** How the array at `path` merges: model entries by id, a set of values, or (undefined) replaced whole. */
export function arrayKind(path: Path): ArrayKind | undefined {
  if (isModelList(path)) return "models";
  if (isAt(path, "plugins", "load", "paths") || isAt(path, "plugins", "allow")) return "set";
  return undefined;
}

/** Model entries by id: the base's stay in their order, a generated one merges into the base entry of its id. */
function mergeModels(base: unknown[], generated: unknown[], path: Path): unknown[] {
  const idOf = (entry: unknown) => (isRecord(entry) && typeof entry.id === "string" ? entry.id : undefined);
  const byId = new Map(generated.map((entry) => [idOf(entry), entry] as const));
  const merged = base.map((entry) => {
    const id = idOf(entry);
    if (id === undefined || !byId.has(id)) return entry;
    const replacement = byId.get(id);
    byId.delete(id);
    return mergeAt(entry, replacement, path);
  });
  return [...merged, ...generated.filter((entry) => byId.get(idOf(entry)) === entry)];
}

function mergeAt(base: unknown, generated: unknown, path: Path): unknown {
  // Written by the generator alone, from the route's interventions: a stale rule must not survive a regeneration.
  if (isAt(path, "plugins", "entries", SHAPING_PLUGIN_ID, "config")) return generated;
  if (isRecord(base) && isRecord(generated)) {
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(base)) setOwn(out, key, value);
    for (const [key, value] of Object.entries(generated)) {
      setOwn(out, key, Object.hasOwn(base, key) ? mergeAt(base[key], value, [...path, key]) : value);
    }
    return out;
  }
  if (Array.isArray(base) && Array.isArray(generated)) {
    // Independent entries: the base's are kept and the generated ones added.
    const kind = arrayKind(path);
    if (kind === "set") return [...new Set([...base, ...generated])];
    if (kind === "models") return mergeModels(base, generated, path);
  }
  return generated;
}

/**
 * OpenClaw drops every plugin missing from a non-empty `plugins.allow` and every one in `plugins.deny`, and loads
 * none with `plugins.enabled: false`, before it reads `entries.<id>.enabled`. So the generated plugins join a
 * non-empty allow list, and a base that denies one of them is refused rather than merged into a config that
 * would quietly run without the fix.
 */
function admitPlugins(merged: JsonObject, base: JsonObject, pluginIds: readonly string[]): void {
  if (pluginIds.length === 0) return;
  const basePlugins = isRecord(base.plugins) ? base.plugins : {};
  if (basePlugins.enabled === false) {
    throw new BaseConflictError(
      `/plugins/enabled is false, so OpenClaw would load none of ${pluginIds.join(", ")}, which this route's interventions need; remove it or set it to true`,
    );
  }
  const deny = Array.isArray(basePlugins.deny) ? basePlugins.deny : [];
  for (const [index, id] of deny.entries()) {
    if (pluginIds.includes(id as string)) {
      throw new BaseConflictError(
        `/plugins/deny/${index} denies plugin ${String(id)}, which this route's interventions need; remove it from plugins.deny`,
      );
    }
  }
  const allow = Array.isArray(basePlugins.allow) ? basePlugins.allow : [];
  if (allow.length > 0 && isRecord(merged.plugins)) {
    setOwn(merged.plugins, "allow", [...new Set([...allow, ...pluginIds])]);
  }
}

/**
 * Deep-merges a generated config into an existing openclaw.json without dropping anything the user wrote:
 * objects merge key by key and unrelated keys stay; generated values win at the leaves; arrays are replaced,
 * except `plugins.load.paths` (a union, base first), each provider's `models` (merged by model id, the user's
 * other models kept) and a non-empty `plugins.allow` (the generated plugins are added). Throws
 * {@link BaseConflictError} when the base would keep OpenClaw from loading a generated plugin.
 */
export function mergeIntoBase(base: JsonObject, generated: object): JsonObject {
  const merged = mergeAt(base, generated, []) as JsonObject;
  const generatedPlugins = (generated as { plugins?: { entries?: object } }).plugins?.entries ?? {};
  admitPlugins(merged, base, Object.keys(generatedPlugins));
  return sortKeysDeep(merged) as JsonObject;
}

/** The user's own Tool Search setting in an existing config (a boolean or a structured mode), if any. */
export function baseToolSearch(base: JsonObject): boolean | JsonObject | undefined {
  const tools = base.tools;
  if (!isRecord(tools)) return undefined;
  const { toolSearch } = tools;
  return typeof toolSearch === "boolean" || isRecord(toolSearch) ? toolSearch : undefined;
}
