/**
 * Qwen 3.5 local: reasoning on with the OpenRouter thinking format. On the wire: a `reasoning: {effort}`
 * object (OpenRouter's shape) instead of `reasoning_effort`, and the model's `reasoning` text replayed on the
 * assistant message of the follow-up. Tool Search is off, so tools are sent directly.
 */
import type { E2ECase } from "@model-setup/e2e";
import { expect } from "vitest";

const ID = "call_mock_exec_1";

export default {
  name: "qwen-3.5-local-managed-inference-reasoning-openrouter",
  description: "reasoning requested and replayed in the openrouter format",
  route: { model: "qwen3.5:9b" },
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
      expect(request.body.reasoning).toEqual({ effort: expect.any(String) });
      expect(request.body).not.toHaveProperty("reasoning_effort");
      expect(request.toolNames()).not.toContain("tool_search_code");
    }
    const assistant = run.chatRequests[1]?.messages().find((m) => m.role === "assistant");
    expect(assistant?.reasoning).toBe("QWEN-REASONING greet the user");
  },
} satisfies E2ECase;
