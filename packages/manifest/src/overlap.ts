import {
  bareModelId,
  candidatePrefixes,
  normalizeBaseUrl,
  normalizeModelId,
  prefixMatches,
} from "./route.js";
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
    sameWhenBoth(a.upstreamProvider, b.upstreamProvider) &&
    modelSelectorsOverlap(a, b)
  );
}

/**
 * Index pairs (i < j) whose model selectors can meet, found through id/prefix lookups instead of comparing
 * every pair; a match without a model selector pairs with everything. Callers still confirm each pair with
 * matchesCanOverlap. Keeps build-time conflict detection near-linear for registries of thousands.
 */
export function candidateOverlapPairs(matches: readonly Match[]): [number, number][] {
  const byId = new Map<string, number[]>();
  const byPrefix = new Map<string, number[]>();
  const anyModel: number[] = [];
  const push = (map: Map<string, number[]>, key: string, index: number) => {
    const list = map.get(key);
    if (list) list.push(index);
    else map.set(key, [index]);
  };
  matches.forEach((match, index) => {
    if (match.modelIds) for (const id of match.modelIds) push(byId, normalizeModelId(id), index);
    else if (match.modelIdPrefixes) for (const prefix of match.modelIdPrefixes) push(byPrefix, prefix, index);
    else anyModel.push(index);
  });
  const pairs = new Set<number>();
  const found: [number, number][] = [];
  const add = (a: number, b: number) => {
    if (a === b) return;
    const [i, j] = a < b ? [a, b] : [b, a];
    const key = i * matches.length + j;
    if (!pairs.has(key)) {
      pairs.add(key);
      found.push([i, j]);
    }
  };
  matches.forEach((match, index) => {
    for (const id of match.modelIds ?? []) {
      for (const other of byId.get(normalizeModelId(id)) ?? []) add(index, other);
      for (const prefix of candidatePrefixes(bareModelId(id))) {
        for (const other of byPrefix.get(prefix) ?? []) add(index, other);
      }
    }
    for (const prefix of match.modelIdPrefixes ?? []) {
      for (const shorter of candidatePrefixes(prefix)) {
        for (const other of byPrefix.get(shorter) ?? []) add(index, other);
      }
    }
  });
  for (const wildcard of anyModel) for (let other = 0; other < matches.length; other++) add(wildcard, other);
  return found.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}
