/** A reply with real tool calls and plain text passes through as the model wrote it. */
import { type E2ECase, expectReplyUntouched } from "@model-setup/e2e";

const ID = "call_gptoss_ok";

export default {
  name: "gpt-oss-harmony-managed-inference-well-behaved",
  description: "real tool calls and plain text are left exactly as they came",
  route: { model: "openai/gpt-oss-120b" },
  prompt: "What is this machine's hostname?",
  plugins: ["model-setup-shaping"],
  necessity: false,
  mock: [
    {
      reasoning: { field: "reasoning", text: "Use exec." },
      toolCalls: [{ id: ID, name: "exec", arguments: { command: "hostname" } }],
    },
    { content: "FINAL: the host name is printed above." },
  ],
  assert(run) {
    expectReplyUntouched(
      run,
      [{ toolCallId: ID, name: "exec", args: { command: "hostname" } }],
      ["FINAL: the host name is printed above."],
    );
  },
} satisfies E2ECase;
