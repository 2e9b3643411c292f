/**
 * Negative: Gemini 2.5 is not matched (prefix `gemini-3` only). No plugin, so the route stays a plain
 * OpenAI-compatible one: no Google client header, and the thought signature is not replayed.
 */
import type { E2ECase } from "@model-setup/e2e";
import { expect } from "vitest";

const ID = "call_mock_exec_1";

export default {
  name: "gemini-3-managed-inference-unmatched-route",
  description: "a model the manifest does not match is untouched",
  route: { model: "google/gemini-2.5-pro" },
  prompt: "Say hello.",
  plugins: [],
  mock: [
    {
      toolCalls: [
        {
          id: ID,
          name: "exec",
          arguments: { command: "echo hello" },
          thoughtSignature: "c2lnbmF0dXJlLWZyb20tdGhlLW1vY2s=",
        },
      ],
    },
    { content: "hello" },
  ],
  assert(run) {
    for (const request of run.chatRequests)
      expect(request.record.headers).not.toHaveProperty("x-goog-api-client");
    const followUp = run.chatRequests[1];
    expect(followUp?.assistantToolCalls().map((c) => [c.id, c.raw.extra_content])).toEqual([
      [run.wireId(ID), undefined],
    ]);
  },
} satisfies E2ECase;
