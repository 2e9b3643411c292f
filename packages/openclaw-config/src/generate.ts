import {
  describeConflict,
  type EffectConflict,
  type EffectSource,
  type Effects,
  firstFailedPredicate,
  MERGED_BODY_OBJECT,
  type MergedEffects,
  mergedNeedsShaping,
  mergeEffects,
  type OpenclawCompat,
  type RouteContext,
  type SetupRecord,
  SHAPING_PLUGIN_ID,
  type ShapingConfig,
  sortKeysDeep,
  stagedPlugin,
} from "@model-setup/manifest";

/** Defaults of the upstream generator (NemoClaw scripts/generate-openclaw-config.py). */
export const DEFAULT_CONTEXT_WINDOW = 131072;
export const DEFAULT_MAX_TOKENS = 4096;
export const DEFAULT_INPUTS: readonly string[] = ["text"];
export const USER_COMPAT_SOURCE = "user compat (NEMOCLAW_INFERENCE_COMPAT_B64)";

export interface GenerateOptions {
  /** `agents.defaults.model.primary`; defaults to `<providerKey>/<modelId>`. */
  primaryModelRef?: string;
  /** Written as the provider's `apiKey` when given; omitted otherwise. */
  apiKey?: string;
  inputs?: readonly string[];
  contextWindow?: number;
  maxTokens?: number;
  /** The user's reasoning setting; an intervention's `openclawReasoning` turns it on regardless. */
  reasoning?: boolean;
  /**
   * `NEMOCLAW_REASONING_EFFORT`: sent as `reasoning_effort` in the request body (the model's
   * `params.extra_body`), as upstream does, on openai-completions routes only (see {@link appliesReasoningEffort}).
   */
  reasoningEffort?: string;
  /** Compat the user asked for; merged as one more effect source, so disagreements are errors. */
  userCompat?: OpenclawCompat;
  /** Name of the user compat source in error messages. */
  userCompatSource?: string;
  /** `NEMOCLAW_TOOL_DISCLOSURE=direct`: Tool Search off, and no intervention may turn it back on. */
  directToolDisclosure?: boolean;
  /** The user's own `tools.toolSearch` (an existing config's): a `false` always stands, any other value stays
   * unless an intervention decides. */
  userToolSearch?: ToolSearch;
}

/** OpenClaw's `tools.toolSearch`: `false` off, `true` its code bridge, an object a structured mode. */
export type ToolSearch = boolean | Readonly<Record<string, unknown>>;

/**
 * Upstream NemoClaw's default for a route no intervention decides: structured Tool Search (tool_search,
 * tool_describe and tool_call offered as tools), not `true`, which selects OpenClaw's code bridge.
 */
export const STRUCTURED_TOOL_SEARCH = { mode: "tools", searchDefaultLimit: 8, maxSearchLimit: 20 } as const;

export interface OpenclawModelEntry {
  id: string;
  name: string;
  reasoning: boolean;
  input: string[];
  cost: { input: number; output: number; cacheRead: number; cacheWrite: number };
  contextWindow: number;
  maxTokens: number;
  compat?: Record<string, unknown>;
}

export interface OpenclawProviderEntry {
  baseUrl: string;
  apiKey?: string;
  api: string;
  models: OpenclawModelEntry[];
  /** Provider request options from interventions (`openclawProviderRequest`), e.g. allowPrivateNetwork. */
  request?: Record<string, unknown>;
}

export interface OpenclawConfig {
  models: { mode: "merge"; providers: Record<string, OpenclawProviderEntry> };
  agents: {
    defaults: {
      model: { primary: string };
      /** Per-model request params; here only the request-body fields interventions set. */
      models?: Record<string, { params: ModelParams }>;
    };
  };
  tools: { toolSearch: ToolSearch };
  plugins?: { load: { paths: string[] }; entries: Record<string, PluginEntry> };
}

/** `plugins.entries.<id>`; only the shared shaping plugin takes a config. */
export interface PluginEntry {
  enabled: true;
  config?: ShapingConfig;
}

/** How OpenClaw takes request-body fields from config: merged chat template kwargs, other fields as extra body. */
export interface ModelParams {
  chat_template_kwargs?: Record<string, unknown>;
  extra_body?: Record<string, unknown>;
}

/** The request-body fields as the model's `params` (see @model-setup/manifest request-body.ts). */
export function requestBodyParams(requestBody: Record<string, unknown>): ModelParams | undefined {
  const { [MERGED_BODY_OBJECT]: kwargs, ...extra } = requestBody;
  const params: ModelParams = {};
  if (kwargs !== undefined) params.chat_template_kwargs = kwargs as Record<string, unknown>;
  if (Object.keys(extra).length > 0) params.extra_body = extra;
  return Object.keys(params).length > 0 ? params : undefined;
}

/** Two effect sources disagree for this route; carries every conflict, each naming both sources. */
export class EffectConflictError extends Error {
  readonly conflicts: readonly EffectConflict[];

  constructor(conflicts: readonly EffectConflict[]) {
    const lines = conflicts.map((conflict) => `  - ${describeConflict(conflict)}`);
    super(`conflicting model-specific setup for this route:\n${lines.join("\n")}`);
    this.name = "EffectConflictError";
    this.conflicts = conflicts;
  }
}

/** Stable order of interventions: by id. */
export function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The effect sources for a route, in the stable order they merge: interventions by id, then the user's compat. */
export function effectSources(
  records: readonly SetupRecord[],
  userCompat?: OpenclawCompat,
  userCompatSource = USER_COMPAT_SOURCE,
): EffectSource[] {
  const userKeys = new Set(Object.keys(userCompat ?? {}));
  const sources: EffectSource[] = [...records]
    .sort(byId)
    .map((record) => ({ source: record.id, effects: withoutUserKeys(record.effects, userKeys) }));
  if (userCompat && Object.keys(userCompat).length > 0) {
    sources.push({ source: userCompatSource, effects: { openclawCompat: userCompat } });
  }
  return sources;
}

/** An intervention's compat defaults give way to the user's own compat for the keys the user sets. */
function withoutUserKeys(effects: Effects, userKeys: ReadonlySet<string>): Effects {
  const defaults = effects.openclawCompatDefaults;
  if (!defaults || !Object.keys(defaults).some((key) => userKeys.has(key))) return effects;
  const { openclawCompatDefaults: _defaults, ...rest } = effects;
  const kept = Object.fromEntries(Object.entries(defaults).filter(([key]) => !userKeys.has(key)));
  return Object.keys(kept).length > 0 ? { ...rest, openclawCompatDefaults: kept } : rest;
}

/** Merges the sources and throws on any conflict: there is never a silent winner. */
export function mergeOrThrow(sources: readonly EffectSource[]): MergedEffects {
  const { merged, conflicts } = mergeEffects(sources);
  if (conflicts.length > 0) throw new EffectConflictError(conflicts);
  return merged;
}

/** Refuses records that are not openclaw setup records matching this route (a caller bug, not user input). */
function assertApplicable(records: readonly SetupRecord[], route: RouteContext): void {
  for (const record of records) {
    if (record.agent !== "openclaw") {
      throw new Error(`setup record ${record.id} is for agent ${record.agent}, not openclaw`);
    }
    const failed = firstFailedPredicate(record.match, route);
    if (failed !== undefined) {
      throw new Error(`setup record ${record.id} does not match this route (predicate ${failed} fails)`);
    }
  }
}

/**
 * The openclaw.json for a route: one provider entry holding the routed model, with every matched intervention's
 * effects applied generically. Keys are sorted so the result serialises deterministically.
 */
export function generateConfig(
  route: RouteContext,
  matchedRecords: readonly SetupRecord[],
  options: GenerateOptions = {},
): OpenclawConfig {
  assertApplicable(matchedRecords, route);
  const merged = mergeOrThrow(effectSources(matchedRecords, options.userCompat, options.userCompatSource));

  const modelId = route.modelId.trim();
  const primary = options.primaryModelRef ?? `${route.providerKey}/${modelId}`;
  const model: OpenclawModelEntry = {
    id: modelId,
    name: primary,
    reasoning: options.reasoning === true || merged.reasoning,
    input: [...(options.inputs ?? DEFAULT_INPUTS)],
    cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
    contextWindow: options.contextWindow ?? DEFAULT_CONTEXT_WINDOW,
    maxTokens: options.maxTokens ?? DEFAULT_MAX_TOKENS,
  };
  if (Object.keys(merged.openclawCompat).length > 0) model.compat = { ...merged.openclawCompat };

  const provider: OpenclawProviderEntry = {
    baseUrl: route.baseUrl,
    api: route.inferenceApi,
    models: [model],
  };
  if (options.apiKey !== undefined) provider.apiKey = options.apiKey;
  if (Object.keys(merged.providerRequest).length > 0) provider.request = { ...merged.providerRequest };

  const config: OpenclawConfig = {
    models: { mode: "merge", providers: { [route.providerKey]: provider } },
    agents: { defaults: { model: { primary } } },
    tools: { toolSearch: resolveToolSearch(options, merged.toolSearch) },
  };
  const params = withReasoningEffort(requestBodyParams(merged.requestBody), route, options.reasoningEffort);
  // OpenClaw looks a model's params up by `<provider>/<model id>`, whatever the primary model ref says.
  if (params) config.agents.defaults.models = { [`${route.providerKey}/${modelId}`]: { params } };
  const plugins: [string, string, PluginEntry][] = merged.plugins.map((plugin) => [
    plugin.id,
    loadPathOf(plugin),
    { enabled: true },
  ]);
  const shaping = shapingConfig(route, merged);
  if (shaping) {
    plugins.push([
      SHAPING_PLUGIN_ID,
      stagedPlugin(SHAPING_PLUGIN_ID).loadPath,
      { enabled: true, config: shaping },
    ]);
  }
  if (plugins.length > 0) {
    config.plugins = {
      load: { paths: unique(plugins.map(([, loadPath]) => loadPath)) },
      entries: Object.fromEntries(plugins.map(([id, , entry]) => [id, entry])),
    };
  }
  return sortKeysDeep(config) as OpenclawConfig;
}

/** Upstream sends a requested reasoning effort only to chat-completions endpoints; other APIs carry their own. */
export function appliesReasoningEffort(route: RouteContext, effort: string | undefined): effort is string {
  return effort !== undefined && route.inferenceApi === "openai-completions";
}

/**
 * The user's reasoning effort joins the model's params as `extra_body.reasoning_effort`. No intervention can set
 * that field (OpenClaw manages it, so the manifest refuses it), so there is nothing to conflict with.
 */
function withReasoningEffort(
  params: ModelParams | undefined,
  route: RouteContext,
  effort: string | undefined,
): ModelParams | undefined {
  if (!appliesReasoningEffort(route, effort)) return params;
  return { ...params, extra_body: { ...params?.extra_body, reasoning_effort: effort } };
}

/**
 * The shared shaping plugin's config for this route: the route itself (the only one it changes) and the
 * merged removals, system message and reply shaping; undefined when the route needs none (nothing to load).
 */
export function shapingConfig(route: RouteContext, merged: MergedEffects): ShapingConfig | undefined {
  if (!mergedNeedsShaping(merged)) return undefined;
  return {
    route: {
      provider: route.providerKey,
      model: route.modelId.trim(),
      api: route.inferenceApi,
      baseUrl: route.baseUrl,
    },
    ...(merged.requestBodyRemove.length > 0 ? { remove: [...merged.requestBodyRemove] } : {}),
    ...(merged.insertSystemMessage ? { insertSystemMessage: merged.insertSystemMessage } : {}),
    ...(Object.keys(merged.replyShaping).length > 0 ? { reply: { ...merged.replyShaping } } : {}),
  };
}

/**
 * Upstream's rule: direct disclosure (or a user's own `false`) turns Tool Search off whatever the interventions say;
 * else an intervention's boolean; else the user's own setting; else the structured default.
 */
export function resolveToolSearch(
  user: Pick<GenerateOptions, "directToolDisclosure" | "userToolSearch">,
  fromInterventions: boolean | undefined,
): ToolSearch {
  if (user.directToolDisclosure === true || user.userToolSearch === false) return false;
  return fromInterventions ?? user.userToolSearch ?? { ...STRUCTURED_TOOL_SEARCH };
}

function loadPathOf(plugin: MergedEffects["plugins"][number]): string {
  // Setup records carry staged plugins (with loadPath); a raw manifest plugin ref has none and cannot be loaded.
  if (!("loadPath" in plugin) || typeof plugin.loadPath !== "string") {
    throw new Error(
      `plugin ${plugin.id} of ${plugin.source} has no loadPath: pass setup records from the built registry, not raw manifests`,
    );
  }
  return plugin.loadPath;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
