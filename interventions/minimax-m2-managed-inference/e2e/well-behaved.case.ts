/** A reply without tags passes through as the model wrote it, prose that mentions a tag included. */
import { type E2ECase, expectReplyUntouched } from "@model-setup/e2e";

const ID = "call_minimax_ok";
const PROSE = "FINAL: MiniMax can write <think> tags; this answer only mentions them.";

export default {
  name: "minimax-m2-managed-inference-well-behaved",
  description: "a reply with real tool calls and no leading tags is left exactly as it came",
  route: { model: "minimaxai/minimax-m2.5" },
  prompt: "What is the date?",
  plugins: ["model-setup-shaping"],
  necessity: false,
  mock: [
    {
      reasoning: { field: "reasoning_content", text: "Run date." },
      toolCalls: [{ id: ID, name: "exec", arguments: { command: "date" } }],
    },
    { content: PROSE },
  ],
  assert(run) {
    expectReplyUntouched(run, [{ toolCallId: ID, name: "exec", args: { command: "date" } }], [PROSE]);
  },
} satisfies E2ECase;
