/**
 * GPT-OSS through a server that does not parse Harmony: the answer text holds an analysis message and a
 * commentary message to functions.exec (the canonical form), finish reason stop, no tool_calls. With the
 * intervention the call runs, its result reaches the model, the reasoning stays out of the answer, and
 * the final-channel answer is shown without tokens.
 */
import { type E2ECase, expectCallRoundTrip } from "@model-setup/e2e";
import { expect } from "vitest";

const CALL =
  '<|channel|>analysis<|message|>Need to use function exec for the hostname.<|end|><|start|>assistant<|channel|>commentary to=functions.exec <|constrain|>json<|message|>{"command":"hostname"}<|call|>';

export default {
  name: "gpt-oss-harmony-managed-inference-harmony-tool-call",
  description: "a Harmony commentary call written as text runs as a tool call",
  route: { model: "openai/gpt-oss-120b" },
  prompt: "What is this machine's hostname?",
  plugins: ["model-setup-shaping"],
  mock: [
    { content: CALL, finishReason: "stop" },
    {
      content:
        "<|channel|>analysis<|message|>Got it.<|end|><|start|>assistant<|channel|>final<|message|>FINAL: host reported.",
    },
  ],
  assert(run) {
    expectCallRoundTrip(run, "exec", { command: "hostname" });
    expect(run.turn.final).toBe("FINAL: host reported.");
    const history = JSON.stringify(run.chatRequests[1]?.messages().filter((m) => m.role === "assistant"));
    expect(history).not.toContain("<|channel|>");
    expect(history).not.toContain("Need to use function");
  },
} satisfies E2ECase;
