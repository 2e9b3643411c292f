/**
 * Negative: `gpt-50` is not the `gpt-5` family (the prefix must be followed by `.` or `-`). No compat is
 * configured; the wire shows OpenClaw's own default for this endpoint.
 */
import type { E2ECase } from "@model-setup/e2e";
import { expect } from "vitest";

export default {
  name: "gpt-5-o-series-managed-inference-unmatched-route",
  description: "a model the manifest does not match is untouched",
  route: { model: "openai/gpt-50" },
  prompt: "Say hello.",
  plugins: [],
  mock: [{ content: "hello" }],
  assert(run) {
    expect(run.modelEntries.map((m) => m.compat)).toEqual([undefined]);
    expect(run.chatRequests[0]?.body.max_completion_tokens).toBeTypeOf("number");
  },
} satisfies E2ECase;
