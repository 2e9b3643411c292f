import { describe, expect, it } from "vitest";
import type { LoadedCase } from "../src/load-cases.js";
import { casesOfShard, parseShard } from "../src/shard.js";

/** Cases of interventions a to e: a has 5, b 3, c 2, d and e one each. */
const CASES = Object.entries({ a: 5, b: 3, c: 2, d: 1, e: 1 }).flatMap(([id, count]) =>
  Array.from(
    { length: count },
    (_, i) => ({ manifest: { id }, case: { name: `${id}-${i}` } }) as unknown as LoadedCase,
  ),
);
const names = (cases: LoadedCase[]) => cases.map((c) => c.case.name);

describe("e2e shards", () => {
  it("parse i/n with 1 ≤ i ≤ n, nothing else", () => {
    expect(parseShard("2/3")).toEqual({ index: 2, count: 3 });
    for (const bad of ["0/3", "4/3", "1", "a/b", "1/0", "-1/2"]) expect(parseShard(bad), bad).toBeUndefined();
  });

  it("together run every case exactly once, whole interventions per shard, balanced by case count", () => {
    const shards = [1, 2, 3].map((index) => casesOfShard(CASES, { index, count: 3 }));
    expect(shards.flatMap(names).sort()).toEqual(names(CASES).sort());
    for (const shard of shards) {
      const ids = new Set(shard.map((c) => c.manifest.id));
      for (const id of ids)
        expect(shard.filter((c) => c.manifest.id === id)).toHaveLength(
          CASES.filter((c) => c.manifest.id === id).length,
        );
    }
    expect(shards.map((shard) => shard.length)).toEqual([5, 4, 3]);
  });

  it("one shard of one is every case, in order", () => {
    expect(names(casesOfShard(CASES, { index: 1, count: 1 }))).toEqual(names(CASES));
  });
});
