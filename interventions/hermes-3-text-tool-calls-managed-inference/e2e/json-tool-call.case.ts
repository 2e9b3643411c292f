/**
 * hermes3 on Ollama as NVIDIA/NemoClaw#2733 reports it: the whole answer is a bare JSON call, arguments
 * first, with no tool_calls. With the intervention it is a real call: the tool runs, its result reaches
 * the model, and the turn ends with the model's answer.
 */
import { type E2ECase, expectCallRoundTrip } from "@model-setup/e2e";
import { expect } from "vitest";

export default {
  name: "hermes-3-text-tool-calls-managed-inference-json-tool-call",
  description: "a bare JSON call written as the answer runs as a tool call",
  route: { model: "hermes3:8b" },
  prompt: "What is this machine's hostname?",
  plugins: ["model-setup-shaping"],
  mock: [
    { content: '{"arguments":{"command":"hostname"},"name":"exec"}', finishReason: "stop" },
    { content: "FINAL: host reported." },
  ],
  assert(run) {
    expectCallRoundTrip(run, "exec", { command: "hostname" });
    expect(run.turn.final).toBe("FINAL: host reported.");
  },
} satisfies E2ECase;
