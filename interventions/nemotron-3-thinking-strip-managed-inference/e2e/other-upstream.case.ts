/**
 * Negative case: the same model and user config behind another upstream provider. Some providers accept and use a
 * top-level `thinking`, so it stays, and the request-shaping plugin is not loaded at all.
 */
import type { E2ECase } from "@model-setup/e2e";
import { expect } from "vitest";
import { expectCompletedTurn, MOCK, THINKING, userThinkingConfig } from "./shared.js";

const MODEL = "nvidia/nemotron-3-super-120b-a12b";

export default {
  name: "nemotron-3-thinking-strip-managed-inference-other-upstream",
  description: "the same model behind another upstream provider keeps the user's thinking",
  route: { model: MODEL, upstreamProvider: "private-vllm", reasoning: true },
  baseConfig: userThinkingConfig(MODEL),
  prompt: "Print a marker.",
  plugins: [],
  mock: MOCK,
  assert(run) {
    for (const request of run.chatRequests) expect(request.body.thinking).toEqual(THINKING);
    expectCompletedTurn(run);
  },
} satisfies E2ECase;
