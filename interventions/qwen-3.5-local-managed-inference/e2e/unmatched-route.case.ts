/**
 * Negative: `qwen3.5:27b` is not matched. Reasoning stays off (no `reasoning` request field, no replay) and
 * Tool Search stays on (the generator's default).
 */
import type { E2ECase } from "@model-setup/e2e";
import { expect } from "vitest";

const ID = "call_mock_exec_1";

export default {
  name: "qwen-3.5-local-managed-inference-unmatched-route",
  description: "a model the manifest does not match is untouched",
  route: { model: "qwen3.5:27b" },
  prompt: "Say hello.",
  plugins: [],
  mock: [
    {
      reasoning: { field: "reasoning", text: "QWEN-REASONING greet the user" },
      toolCalls: [{ id: ID, name: "exec", arguments: { command: "echo hello" } }],
    },
    { content: "hello" },
  ],
  assert(run) {
    for (const request of run.chatRequests) {
      expect(request.body).not.toHaveProperty("reasoning");
      expect(request.toolNames()).toContain("tool_search_code");
    }
    const assistant = run.chatRequests[1]?.messages().find((m) => m.role === "assistant");
    expect(assistant).not.toHaveProperty("reasoning");
  },
} satisfies E2ECase;
