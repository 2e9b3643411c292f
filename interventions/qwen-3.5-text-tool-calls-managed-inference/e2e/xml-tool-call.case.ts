/**
 * Qwen 3.6 on a server whose parser did not take its call (openclaw/openclaw#79697, #45000): the answer text
 * holds prose and a <tool_call> block with a <function=exec> body, the finish reason is stop, and there
 * are no tool_calls. With the intervention the block is a real call: the tool runs, its result reaches
 * the model, and the history holds the call, not the text.
 */
import { type E2ECase, expectCallRoundTrip } from "@model-setup/e2e";
import { expect } from "vitest";

const BLOCK =
  "<tool_call>\n<function=exec>\n<parameter=command>\nhostname\n</parameter>\n</function>\n</tool_call>";

export default {
  name: "qwen-3.5-text-tool-calls-managed-inference-xml-tool-call",
  description: "a <tool_call> block written as text runs as a tool call",
  route: { model: "Qwen3.6-27B" },
  prompt: "What is this machine's hostname?",
  plugins: ["model-setup-shaping"],
  mock: [
    { content: `I will check the host name.\n\n${BLOCK}`, finishReason: "stop" },
    { content: "FINAL: host reported." },
  ],
  assert(run) {
    expectCallRoundTrip(run, "exec", { command: "hostname" });
    const assistant = run.chatRequests[1]?.messages().filter((m) => m.role === "assistant") ?? [];
    expect(JSON.stringify(assistant)).not.toContain("<tool_call>");
    expect(run.chatRequests[1]?.assistantToolCalls().map((c) => c.name)).toEqual(["exec"]);
    expect(run.turn.final).toBe("FINAL: host reported.");
  },
} satisfies E2ECase;
