import { sameJson } from "./canonical-json.js";
import type { ReplyShaping } from "./reply-shaping.js";
import { type BodyPath, bodyLeaves, type InsertSystemMessage } from "./request-body.js";
import type { Effects, OpenclawPluginRef } from "./schema.js";

/** Something that contributes effects: an intervention id, or e.g. "user compat (NEMOCLAW_INFERENCE_COMPAT_B64)". */
export interface EffectSource {
  source: string;
  effects: Effects;
}

/** Settings of the request-body effect are keyed `openclawRequestBody.set.<field>[.<field>]`. */
export const REQUEST_BODY_KEY = "openclawRequestBody.set";
/** Removals are keyed `openclawRequestBody.remove.<field>`; a field one source removes no other may set. */
export const REMOVE_KEY = "openclawRequestBody.remove";
export const SYSTEM_MESSAGE_KEY = "openclawRequestBody.insertSystemMessage";
/** Reply shaping is keyed `openclawReplyShaping.<part>`: two sources must agree on each part they both set. */
export const REPLY_SHAPING_KEY = "openclawReplyShaping";
const REMOVED = "(removed)";

/** One setting an effect makes, e.g. `openclawCompat.maxTokensField`; plugins are keyed by plugin id. */
interface Setting {
  key: string;
  value: unknown;
  /** Two sources may not both make an exclusive setting, even with equal values (a plugin id). */
  exclusive: boolean;
}

function settingsOf(effects: Effects): Setting[] {
  const settings: Setting[] = [];
  // Defaults set the same compat keys: between interventions they must agree like any compat.
  for (const [key, value] of Object.entries(compatOf(effects))) {
    settings.push({ key: `openclawCompat.${key}`, value, exclusive: false });
  }
  if (effects.openclawTools) {
    settings.push({
      key: "openclawTools.toolSearch",
      value: effects.openclawTools.toolSearch,
      exclusive: false,
    });
  }
  if (effects.openclawReasoning) settings.push({ key: "openclawReasoning", value: true, exclusive: false });
  for (const plugin of effects.openclawPlugins ?? []) {
    settings.push({ key: `openclawPlugins.${plugin.id}`, value: plugin, exclusive: true });
  }
  for (const [key, value] of Object.entries(effects.openclawProviderRequest ?? {})) {
    settings.push({ key: `openclawProviderRequest.${key}`, value, exclusive: false });
  }
  for (const { path, value } of bodyLeaves(effects.openclawRequestBody?.set ?? {})) {
    settings.push({ key: `${REQUEST_BODY_KEY}.${path.join(".")}`, value, exclusive: false });
  }
  for (const field of effects.openclawRequestBody?.remove ?? []) {
    settings.push({ key: `${REMOVE_KEY}.${field}`, value: REMOVED, exclusive: false });
  }
  if (effects.openclawRequestBody?.insertSystemMessage) {
    settings.push({
      key: SYSTEM_MESSAGE_KEY,
      value: effects.openclawRequestBody.insertSystemMessage,
      exclusive: false,
    });
  }
  for (const [key, value] of Object.entries(effects.openclawReplyShaping ?? {})) {
    settings.push({ key: `${REPLY_SHAPING_KEY}.${key}`, value, exclusive: false });
  }
  for (const [key, value] of Object.entries(effects.hermesCompat ?? {})) {
    settings.push({ key: `hermesCompat.${key}`, value, exclusive: false });
  }
  return settings;
}

export interface EffectConflict {
  key: string;
  first: { source: string; value: unknown };
  second: { source: string; value: unknown };
}

export function describeConflict(conflict: EffectConflict): string {
  const { key, first, second } = conflict;
  if (key.startsWith("openclawPlugins.")) {
    return `${first.source} and ${second.source} both declare plugin ${key.slice("openclawPlugins.".length)}: keep it in one intervention`;
  }
  if (key.startsWith(`${REMOVE_KEY}.`)) {
    const [remover, setter] = first.value === REMOVED ? [first, second] : [second, first];
    return `${remover.source} removes request-body field ${key.slice(REMOVE_KEY.length + 1)} but ${setter.source} sets it to ${JSON.stringify(setter.value)}: make them agree or narrow one match`;
  }
  return `${first.source} sets ${key} to ${JSON.stringify(first.value)} but ${second.source} sets it to ${JSON.stringify(second.value)}: make them agree or narrow one match`;
}

export interface MergedEffects {
  openclawCompat: Record<string, unknown>;
  toolSearch?: boolean;
  reasoning: boolean;
  plugins: (OpenclawPluginRef & { source: string })[];
  providerRequest: Record<string, unknown>;
  /** The fields set in the request body (`chat_template_kwargs` merged across sources). */
  requestBody: Record<string, unknown>;
  /** Top-level request-body fields removed (sorted, once each). */
  requestBodyRemove: string[];
  /** The system message put first in tool-less requests without one. */
  insertSystemMessage?: InsertSystemMessage;
  /** What the shaping plugin does to replies (each part from the source that set it; they must agree). */
  replyShaping: ReplyShaping;
  hermesCompat: Record<string, unknown>;
  /** Which source set each setting key, for explanations and error messages. */
  provenance: Record<string, string>;
}

/** Whether a route's merged effects need the shared shaping plugin (removals, a system message, reply shaping). */
export function mergedNeedsShaping(merged: MergedEffects): boolean {
  return (
    merged.requestBodyRemove.length > 0 ||
    merged.insertSystemMessage !== undefined ||
    Object.keys(merged.replyShaping).length > 0
  );
}

/** An effect set's compat: its `openclawCompat` and its `openclawCompatDefaults` (the schema keeps them apart). */
export function compatOf(effects: Effects): Record<string, unknown> {
  return { ...effects.openclawCompatDefaults, ...effects.openclawCompat };
}

/** Merges effects in the given order; any disagreement is reported, never silently resolved. */
export function mergeEffects(sources: readonly EffectSource[]): {
  merged: MergedEffects;
  conflicts: EffectConflict[];
} {
  const merged: MergedEffects = {
    openclawCompat: {},
    reasoning: false,
    plugins: [],
    providerRequest: {},
    requestBody: {},
    requestBodyRemove: [],
    replyShaping: {},
    hermesCompat: {},
    provenance: {},
  };
  const seen = new Map<string, { source: string; value: unknown }>();
  const conflicts: EffectConflict[] = [];
  for (const { source, effects } of sources) {
    for (const setting of settingsOf(effects)) {
      const against = setAgainstRemove(seen, setting.key);
      if (against) {
        conflicts.push({ ...against, second: { source, value: setting.value } });
        continue;
      }
      const earlier = seen.get(setting.key);
      if (earlier) {
        if (setting.exclusive || !sameJson(earlier.value, setting.value)) {
          conflicts.push({ key: setting.key, first: earlier, second: { source, value: setting.value } });
        }
        continue;
      }
      seen.set(setting.key, { source, value: setting.value });
      merged.provenance[setting.key] = source;
    }
    Object.assign(merged.openclawCompat, withoutKnown(compatOf(effects), merged.openclawCompat));
    if (effects.openclawTools && merged.toolSearch === undefined)
      merged.toolSearch = effects.openclawTools.toolSearch;
    if (effects.openclawReasoning) merged.reasoning = true;
    for (const plugin of effects.openclawPlugins ?? []) {
      if (!merged.plugins.some((known) => known.id === plugin.id)) merged.plugins.push({ ...plugin, source });
    }
    Object.assign(
      merged.providerRequest,
      withoutKnown(effects.openclawProviderRequest, merged.providerRequest),
    );
    Object.assign(merged.hermesCompat, withoutKnown(effects.hermesCompat, merged.hermesCompat));
    for (const { path, value } of bodyLeaves(effects.openclawRequestBody?.set ?? {})) {
      setLeaf(merged.requestBody, path, value);
    }
    for (const field of effects.openclawRequestBody?.remove ?? []) {
      if (!merged.requestBodyRemove.includes(field)) merged.requestBodyRemove.push(field);
    }
    merged.insertSystemMessage ??= effects.openclawRequestBody?.insertSystemMessage;
    Object.assign(merged.replyShaping, withoutKnown(effects.openclawReplyShaping, merged.replyShaping));
  }
  merged.requestBodyRemove.sort();
  if (merged.insertSystemMessage === undefined) delete merged.insertSystemMessage;
  return { merged, conflicts };
}

/**
 * A request-body field set by one source and removed by another: always a conflict, keyed by the removal. Returns
 * the earlier side and the conflict key when `key` (a later setting) meets one.
 */
function setAgainstRemove(
  seen: ReadonlyMap<string, { source: string; value: unknown }>,
  key: string,
): Pick<EffectConflict, "key" | "first"> | undefined {
  if (key.startsWith(`${REQUEST_BODY_KEY}.`)) {
    const removal = `${REMOVE_KEY}.${key.split(".")[2]}`;
    const first = seen.get(removal);
    return first ? { key: removal, first } : undefined;
  }
  if (!key.startsWith(`${REMOVE_KEY}.`)) return undefined;
  const set = `${REQUEST_BODY_KEY}.${key.slice(REMOVE_KEY.length + 1)}`;
  for (const [other, first] of seen) {
    if (other === set || other.startsWith(`${set}.`)) return { key, first };
  }
  return undefined;
}

/** Sets a body field unless an earlier source set it already (first source wins; conflicts are reported apart). */
function setLeaf(target: Record<string, unknown>, [key, inner]: BodyPath, value: unknown): void {
  if (inner === undefined) {
    if (!Object.hasOwn(target, key)) target[key] = value;
    return;
  }
  if (!Object.hasOwn(target, key)) target[key] = {};
  const object = target[key] as Record<string, unknown>;
  if (!Object.hasOwn(object, inner)) object[inner] = value;
}

/** Entries of `next` whose keys `current` does not have yet (first source wins; conflicts are reported apart). */
function withoutKnown(next: Record<string, unknown> | undefined, current: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(next ?? {}).filter(([key]) => !Object.hasOwn(current, key)));
}

/** Conflicts two effect sets would have if both applied to one route. */
export function conflictsBetween(a: EffectSource, b: EffectSource): EffectConflict[] {
  return mergeEffects([a, b]).conflicts;
}
