/** Negative case: a Nemotron model outside the `nemotron-3` family on nvidia-prod keeps the user's thinking. */
import type { E2ECase } from "@model-setup/e2e";
import { expect } from "vitest";
import { expectCompletedTurn, MOCK, THINKING, userThinkingConfig } from "./shared.js";

const MODEL = "nvidia/llama-3.3-nemotron-super-49b-v1";

export default {
  name: "nemotron-3-thinking-strip-managed-inference-other-model",
  description: "another Nemotron family on nvidia-prod keeps the user's thinking",
  route: { model: MODEL, upstreamProvider: "nvidia-prod", reasoning: true },
  baseConfig: userThinkingConfig(MODEL),
  prompt: "Print a marker.",
  plugins: [],
  mock: MOCK,
  assert(run) {
    for (const request of run.chatRequests) expect(request.body.thinking).toEqual(THINKING);
    expectCompletedTurn(run);
  },
} satisfies E2ECase;
