import { describe, expect, it } from "vitest";
import { rowsOf } from "../src/e2e.js";

const timings = (caseMs: number, agentMs: number) => ({ caseMs, agentMs, overheadMs: caseMs - agentMs });

describe("e2e timing rows", () => {
  it("reports medians, spreads and the turn's ratio to the bare turn", () => {
    const rows = rowsOf({
      suiteMs: 30_000,
      suiteStatus: 0,
      bareTurnsMs: [6000, 5000, 7000],
      gatewayTurns: {
        startMs: 9000,
        firstTurnMs: 12_000,
        warmTurnsMs: [3000, 4000, 2500],
        httpTurnsMs: [500, 400, 600],
        reloadMs: [1100, 900, 1000],
        configGetMs: [200, 150, 100],
      },
      cases: [
        { case: "a", timings: timings(8000, 7000) },
        { case: "b", timings: timings(6000, 5500) },
        { case: "c", timings: timings(9000, 6000) },
      ],
      batches: [{ cases: 3, prepareMs: 900, gatewayStartMs: 11_000, launchMs: 40_000 }],
    });
    const byScenario = Object.fromEntries(rows.map((r) => [r.scenario, r]));
    expect(byScenario["case, median"]?.wallMs).toBe(8000);
    expect(byScenario["harness overhead per case, median"]?.wallMs).toBe(1000);
    expect(byScenario["agent turn in the harness, median"]?.note).toBe("5.5–7.0 s over 3");
    expect(byScenario["bare agent exec turn, median"]?.wallMs).toBe(6000);
    expect(byScenario["agent turn / bare turn"]?.note).toBe("1.00x median, 1.17x slowest");
    expect(byScenario["case / bare turn"]?.note).toBe("1.33x median");
    expect(byScenario["batch 1 of 1: gateway start"]?.wallMs).toBe(11_000);
    expect(byScenario["batch 1 of 1: gateway start"]?.note).toBe(
      "once for its 3 cases; launcher 40.0 s in all",
    );
    expect(byScenario["whole suite"]?.note).toBe("all passed");
    expect(byScenario["one gateway: start until it answers"]?.wallMs).toBe(9000);
    expect(byScenario["one gateway: first turn (warm-up)"]?.wallMs).toBe(12_000);
    expect(byScenario["one gateway: turn by the CLI, median"]?.note).toBe(
      "2.50–4.00 s over 3; 2.0x faster than the bare turn",
    );
    expect(byScenario["one gateway: turn over HTTP, median"]?.wallMs).toBe(500);
    expect(byScenario["one gateway: turn over HTTP, median"]?.note).toBe(
      "0.40–0.60 s over 3; 12.0x faster than the bare turn",
    );
    expect(byScenario["one gateway: config rewrite until applied, median"]?.wallMs).toBe(1000);
    expect(byScenario["one gateway: config.get (validity), median"]?.note).toBe("0.10–0.20 s over 3");
    expect(rows.every((r) => r.size === 3)).toBe(true);
  });
});
