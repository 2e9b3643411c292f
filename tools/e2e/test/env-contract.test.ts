/**
 * The generator's environment contract on the real OpenClaw, for inputs no intervention carries: what a user
 * sets must reach the request the model endpoint receives.
 */
import { describe, expect, it } from "vitest";
import type { E2ECase } from "../src/case.js";
import { runProblems } from "../src/checks.js";
import { requireInputs } from "../src/paths.js";
import { executeCase } from "../src/run-case.js";

const MODEL = "vendor/plain-model-x1";

describe("NEMOCLAW_REASONING_EFFORT on the real OpenClaw", () => {
  requireInputs();

  it("reaches the wire as the request's reasoning_effort", async () => {
    const effortCase: E2ECase = {
      name: "env-contract-reasoning-effort",
      description: "the user's reasoning effort is sent with every chat request",
      route: { model: MODEL, reasoningEffort: "low" },
      prompt: "Say hi.",
      plugins: [],
      mock: [{ content: "hi" }],
      assert() {},
    };
    const run = await executeCase(effortCase);
    expect(runProblems(effortCase, run)).toEqual([]);
    expect(run.chatRequests.length).toBeGreaterThan(0);
    for (const request of run.chatRequests) expect(request.body.reasoning_effort).toBe("low");
  });
});
