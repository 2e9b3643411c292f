import { bareModelId, normalizeBaseUrl, normalizeModelId, prefixMatches } from "./route.js";
import type { Match } from "./schema.js";

function prefixesOverlap(a: string, b: string): boolean {
  return prefixMatches(a, b) || prefixMatches(b, a);
}

function modelSelectorsOverlap(a: Match, b: Match): boolean {
  if (a.modelIds && b.modelIds) {
    const ids = new Set(a.modelIds.map(normalizeModelId));
    return b.modelIds.some((id) => ids.has(normalizeModelId(id)));
  }
  if (a.modelIds && b.modelIdPrefixes) return idsMeetPrefixes(a.modelIds, b.modelIdPrefixes);
  if (a.modelIdPrefixes && b.modelIds) return idsMeetPrefixes(b.modelIds, a.modelIdPrefixes);
  if (a.modelIdPrefixes && b.modelIdPrefixes) {
    return a.modelIdPrefixes.some((p) => b.modelIdPrefixes?.some((q) => prefixesOverlap(p, q)));
  }
  return true; // at least one side accepts any model
}

function idsMeetPrefixes(ids: readonly string[], prefixes: readonly string[]): boolean {
  return ids.some((id) => prefixes.some((prefix) => prefixMatches(prefix, bareModelId(id))));
}

function sameWhenBoth<T>(a: T | undefined, b: T | undefined, normalize: (value: T) => T = (v) => v): boolean {
  return a === undefined || b === undefined || normalize(a) === normalize(b);
}

/** Whether some route could satisfy both matches. Exact predicates make this decidable without search. */
export function matchesCanOverlap(a: Match, b: Match): boolean {
  return (
    sameWhenBoth(a.providerKey, b.providerKey) &&
    sameWhenBoth(a.inferenceApi, b.inferenceApi) &&
    sameWhenBoth(a.baseUrl, b.baseUrl, normalizeBaseUrl) &&
    modelSelectorsOverlap(a, b)
  );
}
