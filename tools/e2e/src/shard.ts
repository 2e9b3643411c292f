/**
 * `pnpm e2e --shard i/n`: the nightly matrix spreads the cases over n jobs per release. A shard takes whole
 * interventions (so each job's lifecycle table is complete for the interventions it ran), balanced by their number
 * of cases: the intervention with the most cases goes to the shard with the fewest so far, ties by id. Pure.
 */
import { compareCodePoints } from "@model-setup/manifest";
import type { LoadedCase } from "./load-cases.js";

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** `i/n` with 1 ≤ i ≤ n; undefined for anything else. */
export function parseShard(text: string): Shard | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  return match && index >= 1 && index <= count ? { index, count } : undefined;
}

/** The cases of the interventions the shard holds, in their original order. */
export function casesOfShard(cases: readonly LoadedCase[], shard: Shard): LoadedCase[] {
  const perIntervention = new Map<string, number>();
  for (const { manifest } of cases)
    perIntervention.set(manifest.id, (perIntervention.get(manifest.id) ?? 0) + 1);
  const byWeight = [...perIntervention].sort(([a, x], [b, y]) => y - x || compareCodePoints(a, b));
  const load = Array.from({ length: shard.count }, () => 0);
  const owner = new Map<string, number>();
  for (const [id, weight] of byWeight) {
    const lightest = load.indexOf(Math.min(...load));
    load[lightest] = (load[lightest] ?? 0) + weight;
    owner.set(id, lightest + 1);
  }
  return cases.filter(({ manifest }) => owner.get(manifest.id) === shard.index);
}
