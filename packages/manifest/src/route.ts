import { z } from "zod";
import { GUARD_CHECKS, type GuardMatch } from "./route-guard.js";
import type { Match } from "./schema.js";

export {
  bareModelId,
  normalizeBaseUrl,
  normalizeModelId,
  prefixMatches,
} from "./route-guard.js";

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

/**
 * The first predicate of `match` that the route fails, or undefined when all hold. Order is PREDICATES. The
 * comparisons are the route guard's (route-guard.ts), which plugins apply to what OpenClaw reports.
 */
export function firstFailedPredicate(
  match: GuardMatch & Pick<Match, "upstreamProvider">,
  route: RouteContext,
): Predicate | undefined {
  if (!GUARD_CHECKS.modelIds(match, route.modelId)) return "modelIds";
  if (!GUARD_CHECKS.modelIdPrefixes(match, route.modelId)) return "modelIdPrefixes";
  if (!GUARD_CHECKS.providerKey(match, route.providerKey)) return "providerKey";
  if (!GUARD_CHECKS.inferenceApi(match, route.inferenceApi)) return "inferenceApi";
  if (!GUARD_CHECKS.baseUrl(match, route.baseUrl)) return "baseUrl";
  if (match.upstreamProvider !== undefined && match.upstreamProvider !== route.upstreamProvider) {
    return "upstreamProvider";
  }
  return undefined;
}

export function matchesRoute(
  match: GuardMatch & Pick<Match, "upstreamProvider">,
  route: RouteContext,
): boolean {
  return firstFailedPredicate(match, route) === undefined;
}
