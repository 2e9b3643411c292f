/**
 * DeepSeek V4 Flash as openclaw/openclaw#71050, #71435 and #87575 report it: the endpoint thinks, and a
 * follow-up whose assistant tool-call message lacks reasoning_content is refused with HTTP 400 and
 * DeepSeek's error body. With the intervention the model entry has reasoning on, OpenClaw passes the
 * reasoning back, the tool's result reaches the model and the turn ends with its answer.
 */
import type { E2ECase } from "@model-setup/e2e";
import { expect } from "vitest";

const ID = "call_ds_1";
const REASONING = "The user wants the date, so I run date.";
const REPLAY_REFUSED = {
  error: {
    message: "The `reasoning_content` in the thinking mode must be passed back to the API.",
    type: "invalid_request_error",
    param: null,
    code: "invalid_request_error",
  },
};

export default {
  name: "deepseek-v4-flash-managed-inference-reasoning-replay",
  description: "a follow-up without reasoning_content is refused; with reasoning on it is passed back",
  route: { model: "deepseek-ai/deepseek-v4-flash" },
  prompt: "What is the date?",
  plugins: [],
  timeoutSeconds: 30,
  endpoint: [
    {
      when: { assistantToolCallsWithout: "reasoning_content" },
      answer: { status: 400, body: REPLAY_REFUSED },
    },
  ],
  mock: [
    {
      reasoning: { field: "reasoning_content", text: REASONING },
      toolCalls: [{ id: ID, name: "exec", arguments: { command: "date" } }],
    },
    { reasoning: { field: "reasoning_content", text: "It printed the date." }, content: "FINAL: dated." },
  ],
  assert(run) {
    expect(run.chatRequests).toHaveLength(2);
    const replayed = run.chatRequests[1]
      ?.messages()
      .find((m) => m.role === "assistant" && Array.isArray(m.tool_calls));
    expect(replayed?.reasoning_content).toBe(REASONING);
    expect(run.trajectory.executedToolCalls()).toEqual([
      { toolCallId: ID, name: "exec", args: { command: "date" } },
    ]);
    const output = run.trajectory.toolResult(ID).text.trim();
    expect(JSON.stringify(run.chatRequests[1]?.toolMessages())).toContain(output);
    expect(run.turn.final).toBe("FINAL: dated.");
  },
} satisfies E2ECase;
