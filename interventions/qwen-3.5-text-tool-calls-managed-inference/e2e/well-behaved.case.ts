/** Real tool calls and prose that shows a call in a code fence pass through as the model wrote them. */
import { type E2ECase, expectReplyUntouched } from "@model-setup/e2e";

const ID = "call_qwen_ok";
const PROSE =
  "FINAL: a call looks like this:\n```xml\n<tool_call>\n<function=exec>\n</function>\n</tool_call>\n```";

export default {
  name: "qwen-3.5-text-tool-calls-managed-inference-well-behaved",
  description: "real tool calls, and a call shown in a code fence, are left exactly as they came",
  route: { model: "Qwen3.5-27B-Q4_K_M" },
  prompt: "What is this machine's hostname?",
  plugins: ["model-setup-shaping"],
  necessity: false,
  mock: [{ toolCalls: [{ id: ID, name: "exec", arguments: { command: "hostname" } }] }, { content: PROSE }],
  assert(run) {
    expectReplyUntouched(run, [{ toolCallId: ID, name: "exec", args: { command: "hostname" } }], [PROSE]);
  },
} satisfies E2ECase;
