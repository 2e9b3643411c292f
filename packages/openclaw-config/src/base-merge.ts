import { sortKeysDeep } from "@model-setup/manifest";

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Sets a key as an own data property, so a `__proto__` key read from JSON stays data and never a prototype. */
function setOwn(target: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Arrays that are sets of independent entries: the base's entries are kept and the generated ones added. */
const UNION_ARRAYS = new Set(["plugins.load.paths"]);

function mergeAt(base: unknown, generated: unknown, path: string): unknown {
  if (isObject(base) && isObject(generated)) {
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(base)) setOwn(out, key, value);
    for (const [key, value] of Object.entries(generated)) {
      const childPath = path === "" ? key : `${path}.${key}`;
      setOwn(out, key, Object.hasOwn(base, key) ? mergeAt(base[key], value, childPath) : value);
    }
    return out;
  }
  if (UNION_ARRAYS.has(path) && Array.isArray(base) && Array.isArray(generated)) {
    return [...new Set([...base, ...generated])];
  }
  return generated;
}

/**
 * Deep-merges a generated config into an existing openclaw.json: objects merge key by key, unrelated keys stay,
 * generated values win at the leaves, arrays are replaced except `plugins.load.paths` (a union, base first).
 */
export function mergeIntoBase(base: JsonObject, generated: object): JsonObject {
  return sortKeysDeep(mergeAt(base, generated, "")) as JsonObject;
}

/** The user's explicit Tool Search choice recorded in an existing config, if any. */
export function baseToolSearch(base: JsonObject): boolean | undefined {
  const tools = base.tools;
  return isObject(tools) && typeof tools.toolSearch === "boolean" ? tools.toolSearch : undefined;
}
