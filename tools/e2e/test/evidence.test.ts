/** An intervention's `e2e:<case>` evidence names one of its own cases (derived or hand-written). */
import { describe, expect, it } from "vitest";
import { discoverInterventions } from "../src/discover.js";
import { loadCases } from "../src/load-cases.js";
import { REPO_ROOT } from "../src/paths.js";

describe("e2e evidence in manifests", () => {
  it("every e2e:<case> reference is a case of the same intervention", async () => {
    const cases = await loadCases(REPO_ROOT);
    const interventions = await discoverInterventions(REPO_ROOT);
    let references = 0;
    for (const { manifest } of interventions) {
      const own = new Set(cases.filter((c) => c.manifest.id === manifest.id).map((c) => c.case.name));
      for (const ref of manifest.evidence.filter((e) => e.startsWith("e2e:"))) {
        references++;
        expect(own.has(ref.slice("e2e:".length)), `${manifest.id}: ${ref} is not one of its cases`).toBe(
          true,
        );
      }
    }
    expect(references).toBeGreaterThan(0);
  });
});
