/**
 * GPT-5 family on the managed route: the config pins compat `maxTokensField: "max_completion_tokens"` and the
 * request carries `max_completion_tokens`, never `max_tokens` (these models reject it).
 * Note: OpenClaw 2026.9.6 already defaults to max_completion_tokens for this endpoint class (see the
 * unmatched-route case), so today the pin guards against a change of that default rather than changing the wire.
 */
import type { E2ECase } from "@model-setup/e2e";
import { expect } from "vitest";

export default {
  name: "gpt-5-o-series-managed-inference-max-completion-tokens",
  description: "requests carry max_completion_tokens",
  route: { model: "openai/gpt-5.2" },
  prompt: "Say hello.",
  plugins: [],
  mock: [{ content: "hello" }],
  assert(run) {
    expect(run.modelEntries.map((m) => m.compat)).toEqual([{ maxTokensField: "max_completion_tokens" }]);
    for (const request of run.chatRequests) {
      expect(request.body.max_completion_tokens).toBeTypeOf("number");
      expect(request.body).not.toHaveProperty("max_tokens");
    }
  },
} satisfies E2ECase;
