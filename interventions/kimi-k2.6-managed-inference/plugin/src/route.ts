/**
 * Route guard: the plugin changes nothing unless OpenClaw is talking to Kimi K2.6 on the managed
 * `inference.local` route through the chat-completions API.
 */
import type { ProviderRuntimeModel } from "@model-setup/openclaw-plugin-api";
import manifest from "../../manifest.json" with { type: "json" };

/** The route this plugin serves is its intervention's own `match` (bundled in), so the two never disagree. */
export const KIMI_ROUTE = {
  provider: manifest.match.providerKey,
  modelIds: manifest.match.modelIds,
  api: manifest.match.inferenceApi,
  baseUrl: manifest.match.baseUrl,
} as const;

/** What the hook contexts tell us about the route; every hook context has this shape. */
export interface RouteFacts {
  provider: string;
  modelId?: string | null;
  modelApi?: string | null;
  sourceApi?: string | null;
  model?: Partial<Pick<ProviderRuntimeModel, "id" | "api" | "baseUrl" | "provider">> | null;
}

/** Model ids compare as the manifest compares them: trimmed, case-insensitive, provider prefix allowed. */
export function normalizeRouteModelId(id: string): string {
  const normalized = id.trim().toLowerCase();
  const prefix = `${KIMI_ROUTE.provider}/`;
  return normalized.startsWith(prefix) ? normalized.slice(prefix.length) : normalized;
}

/** Base URLs compare without trailing slashes. */
export function normalizeBaseUrl(url: string): string {
  return url.trim().replace(/\/+$/, "");
}

/**
 * True when every value the context reports agrees with the route, and each predicate is reported at least
 * once. A predicate OpenClaw does not report (no model, so no base URL) fails closed: no change.
 */
function allReportedMatch(
  values: ReadonlyArray<string | null | undefined>,
  normalize: (value: string) => string,
  wanted: readonly string[],
): boolean {
  let seen = false;
  for (const value of values) {
    if (value === undefined || value === null) continue;
    if (!wanted.includes(normalize(value))) return false;
    seen = true;
  }
  return seen;
}

const same = (value: string): string => value;
const KIMI_MODEL_IDS = KIMI_ROUTE.modelIds.map(normalizeRouteModelId);

export function isKimiManagedRoute(ctx: RouteFacts): boolean {
  const model = ctx.model ?? undefined;
  return (
    allReportedMatch([ctx.provider, model?.provider], same, [KIMI_ROUTE.provider]) &&
    allReportedMatch([ctx.modelId, model?.id], normalizeRouteModelId, KIMI_MODEL_IDS) &&
    allReportedMatch([ctx.modelApi, ctx.sourceApi, model?.api], same, [KIMI_ROUTE.api]) &&
    allReportedMatch([model?.baseUrl], normalizeBaseUrl, [normalizeBaseUrl(KIMI_ROUTE.baseUrl)])
  );
}
