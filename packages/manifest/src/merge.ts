import { sameJson } from "./canonical-json.js";
import { type BodyPath, bodyLeaves } from "./request-body.js";
import type { Effects, OpenclawPluginRef } from "./schema.js";

/** Something that contributes effects: an intervention id, or e.g. "user compat (NEMOCLAW_INFERENCE_COMPAT_B64)". */
export interface EffectSource {
  source: string;
  effects: Effects;
}

/** Settings of the request-body effect are keyed `openclawRequestBody.set.<field>[.<field>]`. */
export const REQUEST_BODY_KEY = "openclawRequestBody.set";

/** One setting an effect makes, e.g. `openclawCompat.maxTokensField`; plugins are keyed by plugin id. */
interface Setting {
  key: string;
  value: unknown;
  /** Two sources may not both make an exclusive setting, even with equal values (a plugin id). */
  exclusive: boolean;
}

function settingsOf(effects: Effects): Setting[] {
  const settings: Setting[] = [];
  for (const [key, value] of Object.entries(effects.openclawCompat ?? {})) {
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
  hermesCompat: Record<string, unknown>;
  /** Which source set each setting key, for explanations and error messages. */
  provenance: Record<string, string>;
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
    hermesCompat: {},
    provenance: {},
  };
  const seen = new Map<string, { source: string; value: unknown }>();
  const conflicts: EffectConflict[] = [];
  for (const { source, effects } of sources) {
    for (const setting of settingsOf(effects)) {
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
    Object.assign(merged.openclawCompat, withoutKnown(effects.openclawCompat, merged.openclawCompat));
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
  }
  return { merged, conflicts };
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
