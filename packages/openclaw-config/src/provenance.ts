/**
 * What the generator changed in a user's config, precisely enough to take it back out: the changes from the base
 * it merged into to the config it wrote, at the finest grain the merge works at (object keys, model entries by
 * id, members of plugin lists). Pure: the sidecar file that stores them is switch.ts's business.
 */
import { isDeepStrictEqual } from "node:util";
import { isRecord } from "@model-setup/manifest";
import { z } from "zod";
import { type ArrayKind, arrayKind } from "./base-merge.js";

type JsonObject = Record<string, unknown>;

/** One step into a config: an object key, the model entry with this id, or this member of a plugin list. */
export const segmentSchema = z.union([
  z.string(),
  z.strictObject({ id: z.string() }),
  z.strictObject({ member: z.json() }),
]);
export type Segment = z.infer<typeof segmentSchema>;

const pathSchema = z.array(segmentSchema).min(1);

/**
 * `created`: an object, list or model entry the generator made (removed once nothing else is left in it);
 * `after` alone: a value it added; `before` + `after`: a value of the user's it replaced.
 */
export const changeSchema = z.union([
  z.strictObject({ path: pathSchema, created: z.enum(["object", "list", "model"]) }),
  z.strictObject({ path: pathSchema, before: z.json(), after: z.json() }),
  z.strictObject({ path: pathSchema, after: z.json() }),
]);
export type Change = z.infer<typeof changeSchema>;

/** A change that cannot be taken back without guessing which value the user wants. */
export interface AmbiguousEdit {
  pointer: string;
  message: string;
}

const MISSING = Symbol("missing");

const escapePointer = (key: string) => key.replaceAll("~", "~0").replaceAll("/", "~1");

/** A readable JSON pointer; model entries and list members are shown by what identifies them. */
export function pointerOf(path: readonly Segment[]): string {
  return path
    .map((segment) =>
      typeof segment === "string"
        ? `/${escapePointer(segment)}`
        : "id" in segment
          ? `/[id=${JSON.stringify(segment.id)}]`
          : `/[member ${JSON.stringify(segment.member)}]`,
    )
    .join("");
}

const modelId = (entry: unknown) => (isRecord(entry) && typeof entry.id === "string" ? entry.id : undefined);

function indexIn(list: unknown[], segment: Segment): number {
  if (typeof segment === "string") return -1;
  return "id" in segment
    ? list.findIndex((entry) => modelId(entry) === segment.id)
    : list.findIndex((entry) => isDeepStrictEqual(entry, segment.member));
}

function child(container: unknown, segment: Segment): unknown {
  if (typeof segment === "string") {
    return isRecord(container) && Object.hasOwn(container, segment) ? container[segment] : MISSING;
  }
  if (!Array.isArray(container)) return MISSING;
  const index = indexIn(container, segment);
  return index === -1 ? MISSING : container[index];
}

function valueAt(root: unknown, path: readonly Segment[]): unknown {
  let value = root;
  for (const segment of path) {
    value = child(value, segment);
    if (value === MISSING) return MISSING;
  }
  return value;
}

/** Sets (or, with MISSING, removes) the value at `path`; the parent exists (callers check the value first). */
function putAt(root: JsonObject, path: readonly Segment[], value: unknown): void {
  const parent = valueAt(root, path.slice(0, -1));
  const last = path[path.length - 1] as Segment;
  if (typeof last === "string" && isRecord(parent)) {
    if (value === MISSING) delete parent[last];
    else Object.defineProperty(parent, last, { value, enumerable: true, writable: true, configurable: true });
  } else if (Array.isArray(parent)) {
    const index = indexIn(parent, last);
    if (value === MISSING) {
      if (index !== -1) parent.splice(index, 1);
    } else if (index !== -1) parent[index] = value;
  }
}

type Json = z.infer<ReturnType<typeof z.json>>;

/** A list merged entry by entry (see arrayKind) whose entries can all be told apart; else it is one value. */
function entryWise(path: readonly Segment[], ...lists: unknown[]): ArrayKind | undefined {
  const kind = arrayKind(path);
  if (kind === undefined || !lists.every(Array.isArray)) return undefined;
  // Every entry must be told apart from the others: duplicates merge away, so such a list is one value.
  const keys = (list: unknown[]) =>
    kind === "set" ? list.map((entry) => JSON.stringify(entry)) : list.map(modelId);
  const identified = (list: unknown[]) => {
    const found = keys(list);
    return !found.includes(undefined) && new Set(found).size === found.length;
  };
  return (lists as unknown[][]).every(identified) ? kind : undefined;
}

const entrySegment = (kind: ArrayKind, entry: unknown): Segment =>
  kind === "models" ? { id: modelId(entry) as string } : { member: entry as Json };

/** `value` did not exist in the base: records it down to its leaves, so the user may add beside it. */
function added(value: unknown, path: Segment[], modelEntry: boolean, out: Change[]): void {
  const kind = entryWise(path, value);
  if (isRecord(value)) {
    out.push({ path, created: modelEntry ? "model" : "object" });
    for (const [key, item] of Object.entries(value)) {
      if (!(modelEntry && key === "id")) added(item, [...path, key], false, out);
    }
  } else if (kind !== undefined) {
    out.push({ path, created: "list" });
    for (const entry of value as unknown[]) {
      added(entry, [...path, entrySegment(kind, entry)], kind === "models", out);
    }
  } else {
    out.push({ path, after: value as Json });
  }
}

function diffInto(base: unknown, merged: unknown, path: Segment[], out: Change[]): void {
  if (isDeepStrictEqual(base, merged)) return;
  if (isRecord(base) && isRecord(merged)) {
    for (const [key, value] of Object.entries(merged)) {
      if (Object.hasOwn(base, key)) diffInto(base[key], value, [...path, key], out);
      else added(value, [...path, key], false, out);
    }
    return;
  }
  const kind = entryWise(path, base, merged);
  if (kind !== undefined) {
    for (const entry of merged as unknown[]) {
      const segment = entrySegment(kind, entry);
      const before = child(base, segment);
      if (before === MISSING) added(entry, [...path, segment], kind === "models", out);
      else diffInto(before, entry, [...path, segment], out);
    }
    return;
  }
  out.push({ path, before: base as Json, after: merged as Json });
}

/**
 * The changes that turn `base` into `merged` (a config the generator merged into it). The generator only adds
 * and replaces; a key it dropped would not be recorded, and none is dropped (mergeIntoBase keeps every key).
 */
export function diffConfigs(base: JsonObject, merged: JsonObject): Change[] {
  const out: Change[] = [];
  diffInto(base, merged, [], out);
  return out;
}

function isEmptyCreation(value: unknown, created: "object" | "list" | "model"): boolean {
  if (created === "list") return Array.isArray(value) && value.length === 0;
  if (!isRecord(value)) return false;
  const keys = Object.keys(value);
  return created === "model" ? keys.length === 1 && keys[0] === "id" : keys.length === 0;
}

const show = (value: unknown) => (value === MISSING ? "nothing" : JSON.stringify(value));

/**
 * Takes `changes` back out of `config` (a copy is changed and returned): an added value is removed, a replaced one
 * restored, a created container removed once empty. What the user changed since stays, unless it is a value the
 * generator wrote: then keeping it and restoring the user's earlier value are both plausible, so nothing is
 * guessed and every such place is returned instead.
 */
export function revertChanges(
  config: JsonObject,
  changes: readonly Change[],
  context: string,
): { config: JsonObject } | { ambiguous: AmbiguousEdit[] } {
  const result = structuredClone(config);
  const ambiguous: AmbiguousEdit[] = [];
  for (const change of [...changes].reverse()) {
    const current = valueAt(result, change.path);
    const pointer = pointerOf(change.path);
    if ("created" in change) {
      if (current !== MISSING && isEmptyCreation(current, change.created))
        putAt(result, change.path, MISSING);
      continue;
    }
    if (current === MISSING && !("before" in change)) continue;
    if (isDeepStrictEqual(current, change.after)) {
      putAt(result, change.path, "before" in change ? change.before : MISSING);
      continue;
    }
    if ("before" in change && isDeepStrictEqual(current, change.before)) continue;
    const replaced = "before" in change;
    ambiguous.push({
      pointer,
      message: `${context} wrote ${show(change.after)} here (${replaced ? `replacing ${show(change.before)}` : "where there was nothing"}) and it now holds ${show(current)}, so it cannot tell whether that is your setting to keep or its own to take back: put back ${show(change.after)} (it is then ${replaced ? `restored to ${show(change.before)}` : "removed"}), or ${replaced ? `set ${show(change.before)}` : "remove it"} yourself`,
    });
  }
  return ambiguous.length > 0 ? { ambiguous: ambiguous.reverse() } : { config: result };
}
