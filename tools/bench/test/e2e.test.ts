import { describe, expect, it } from "vitest";
import { rowsOf } from "../src/e2e.js";

const timings = (caseMs: number, agentMs: number) => ({ caseMs, agentMs, overheadMs: caseMs - agentMs });

describe("e2e timing rows", () => {
  it("reports medians, spreads and the turn's ratio to the bare turn", () => {
    const rows = rowsOf({
      suiteMs: 30_000,
      suiteStatus: 0,
      bareTurnsMs: [6000, 5000, 7000],
      cases: [
        { case: "a", timings: timings(8000, 7000) },
        { case: "b", timings: timings(6000, 5500) },
        { case: "c", timings: timings(9000, 6000) },
      ],
    });
    const byScenario = Object.fromEntries(rows.map((r) => [r.scenario, r]));
    expect(byScenario["case, median"]?.wallMs).toBe(8000);
    expect(byScenario["harness overhead per case, median"]?.wallMs).toBe(1000);
    expect(byScenario["agent turn in the harness, median"]?.note).toBe("5.5–7.0 s over 3");
    expect(byScenario["bare agent exec turn, median"]?.wallMs).toBe(6000);
    expect(byScenario["agent turn / bare turn"]?.note).toBe("1.00x median, 1.17x slowest");
    expect(byScenario["whole suite"]?.note).toBe("all passed");
    expect(rows.every((r) => r.size === 3)).toBe(true);
  });
});
