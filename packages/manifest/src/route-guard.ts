/**
 * The one route guard: how a route's model id, provider key, API and base URL compare against a manifest's
 * `match`. The config generator decides with it which interventions a route gets; every OpenClaw plugin decides
 * with it, from what a provider hook reports, whether a request is on the route it was configured for. One module
 * for both, so a fix the generator configures is never inert in the plugin (a base URL written
 * `https://INFERENCE.LOCAL:443/v1/` is `https://inference.local/v1` to both).
 *
 * Dependency-free on purpose: plugins bundle it (`@model-setup/manifest/route-guard`).
 */

/** The predicates a plugin can check from a hook context (the upstream provider is not reported there). */
export interface GuardMatch {
  modelIds?: readonly string[];
  modelIdPrefixes?: readonly string[];
  providerKey?: string;
  inferenceApi?: string;
  baseUrl?: string;
}

/**
 * Model ids compare without surrounding whitespace and with ASCII letters folded to lower case. Only ASCII: full
 * Unicode lower-casing folds look-alikes (the Kelvin sign K to k, for one) into ASCII ids, so a route naming a
 * different, odd-looking model would match while its config kept the odd letter.
 */
export function normalizeModelId(id: string): string {
  return id.trim().replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}

/** The family part of a model id: namespace (up to the last '/') dropped, lower-cased. */
export function bareModelId(id: string): string {
  const normalized = normalizeModelId(id);
  return normalized.slice(normalized.lastIndexOf("/") + 1);
}

/**
 * A base URL as the URL it denotes: WHATWG parsing lower-cases scheme and host, drops the scheme's default port
 * and resolves dot segments; trailing slashes of the path go too. `HTTPS://Inference.Local:443/x/../v1/` is
 * `https://inference.local/v1`. Text that does not parse compares as written, without trailing slashes.
 */
export function normalizeBaseUrl(url: string): string {
  const trimmed = url.trim();
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return trimmed.replace(/\/+$/, "");
  }
  const auth = parsed.username ? `${parsed.username}${parsed.password ? `:${parsed.password}` : ""}@` : "";
  const path = parsed.pathname.replace(/\/+$/, "");
  return `${parsed.protocol}//${auth}${parsed.host}${path}${parsed.search}${parsed.hash}`;
}

/**
 * The prefix rule: the bare id equals the prefix, or continues it with '.' or '-'.
 * So `m1` matches `m1-mini` but never `m10`, and `acme-5` matches `acme-5.1` but never `acme-50`.
 */
export function prefixMatches(prefix: string, bareId: string): boolean {
  if (bareId === prefix) return true;
  if (!bareId.startsWith(prefix)) return false;
  const next = bareId[prefix.length];
  return next === "." || next === "-";
}

/** Each check takes the match and one value a route (or a hook) reports for that predicate. */
export const GUARD_CHECKS = {
  modelIds: (match: GuardMatch, modelId: string) => {
    const wanted = normalizeModelId(modelId);
    return match.modelIds?.some((id) => normalizeModelId(id) === wanted) ?? true;
  },
  modelIdPrefixes: (match: GuardMatch, modelId: string) => {
    const bare = bareModelId(modelId);
    return match.modelIdPrefixes?.some((prefix) => prefixMatches(prefix, bare)) ?? true;
  },
  providerKey: (match: GuardMatch, providerKey: string) =>
    match.providerKey === undefined || match.providerKey === providerKey,
  inferenceApi: (match: GuardMatch, api: string) =>
    match.inferenceApi === undefined || match.inferenceApi === api,
  baseUrl: (match: GuardMatch, baseUrl: string) =>
    match.baseUrl === undefined || normalizeBaseUrl(match.baseUrl) === normalizeBaseUrl(baseUrl),
} as const;

/** What a provider hook's context reports about the route (every hook context has this shape). */
export interface RouteFacts {
  provider?: string | null;
  modelId?: string | null;
  modelApi?: string | null;
  sourceApi?: string | null;
  model?: {
    id?: string | null;
    provider?: string | null;
    api?: string | null;
    baseUrl?: string | null;
  } | null;
}

const reported = (values: ReadonlyArray<string | null | undefined>): string[] =>
  values.filter((value): value is string => typeof value === "string");

/**
 * Whether a hook context is on the route `match` describes: each predicate the match sets is reported at least
 * once, and every value reported for it passes the same check the generator makes. A predicate OpenClaw leaves
 * unreported fails closed (no change). OpenClaw names a model by its id or by `<provider>/<id>`; both count.
 */
export function hookMatchesRoute(match: GuardMatch, facts: RouteFacts): boolean {
  const model = facts.model ?? undefined;
  const providers = reported([facts.provider, model?.provider]);
  const ids = reported([facts.modelId, model?.id]);
  const apis = reported([facts.modelApi, facts.sourceApi, model?.api]);
  const urls = reported([model?.baseUrl]);
  const modelIdHolds = (check: (match: GuardMatch, id: string) => boolean, id: string) =>
    check(match, id) || providers.some((p) => id.startsWith(`${p}/`) && check(match, id.slice(p.length + 1)));
  const all = (values: string[], holds: (value: string) => boolean) =>
    values.length > 0 && values.every(holds);
  return (
    (match.providerKey === undefined || all(providers, (p) => GUARD_CHECKS.providerKey(match, p))) &&
    (match.modelIds === undefined || all(ids, (id) => modelIdHolds(GUARD_CHECKS.modelIds, id))) &&
    (match.modelIdPrefixes === undefined ||
      all(ids, (id) => modelIdHolds(GUARD_CHECKS.modelIdPrefixes, id))) &&
    (match.inferenceApi === undefined || all(apis, (api) => GUARD_CHECKS.inferenceApi(match, api))) &&
    (match.baseUrl === undefined || all(urls, (url) => GUARD_CHECKS.baseUrl(match, url)))
  );
}
