import { z } from "zod";
import type { Match } from "./schema.js";

/** The route a sandbox is built for: which model, through which provider entry, API and endpoint. */
export const routeContextSchema = z.strictObject({
  modelId: z.string().min(1),
  providerKey: z.string().min(1),
  inferenceApi: z.string().min(1),
  baseUrl: z.string().min(1),
  /** Which upstream serves the route (NEMOCLAW_UPSTREAM_PROVIDER); absent when not known. */
  upstreamProvider: z.string().min(1).optional(),
});
export type RouteContext = z.infer<typeof routeContextSchema>;

/** NemoClaw's managed route, minus the model: what every carried intervention targets and tools default to. */
export const MANAGED_ROUTE = {
  providerKey: "inference",
  inferenceApi: "openai-completions",
  baseUrl: "https://inference.local/v1",
} as const satisfies Omit<RouteContext, "modelId">;

export const PREDICATES = [
  "modelIds",
  "modelIdPrefixes",
  "providerKey",
  "inferenceApi",
  "baseUrl",
  "upstreamProvider",
] as const;
export type Predicate = (typeof PREDICATES)[number];

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

/**
 * Every prefix of a bare id that the prefix rule could accept: the id itself and each cut before a '.' or '-'.
 * Lets an index look a route up in O(length of the id) instead of scanning all prefixes.
 */
export function candidatePrefixes(bareId: string): string[] {
  const cuts = [bareId];
  for (let i = bareId.length - 1; i > 0; i--) {
    const char = bareId[i];
    if (char === "." || char === "-") cuts.push(bareId.slice(0, i));
  }
  return cuts;
}

/** The first predicate of `match` that the route fails, or undefined when all hold. Order is PREDICATES. */
export function firstFailedPredicate(match: Match, route: RouteContext): Predicate | undefined {
  if (match.modelIds) {
    const wanted = normalizeModelId(route.modelId);
    if (!match.modelIds.some((id) => normalizeModelId(id) === wanted)) return "modelIds";
  }
  if (match.modelIdPrefixes) {
    const bare = bareModelId(route.modelId);
    if (!match.modelIdPrefixes.some((prefix) => prefixMatches(prefix, bare))) return "modelIdPrefixes";
  }
  if (match.providerKey !== undefined && match.providerKey !== route.providerKey) return "providerKey";
  if (match.inferenceApi !== undefined && match.inferenceApi !== route.inferenceApi) return "inferenceApi";
  if (match.baseUrl !== undefined && normalizeBaseUrl(match.baseUrl) !== normalizeBaseUrl(route.baseUrl)) {
    return "baseUrl";
  }
  if (match.upstreamProvider !== undefined && match.upstreamProvider !== route.upstreamProvider) {
    return "upstreamProvider";
  }
  return undefined;
}

export function matchesRoute(match: Match, route: RouteContext): boolean {
  return firstFailedPredicate(match, route) === undefined;
}
