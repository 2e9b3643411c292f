/** A reply without tags (a server with its reasoning parser on) passes through as the model wrote it. */
import { type E2ECase, expectReplyUntouched } from "@model-setup/e2e";

const ID = "call_lightning_ok";

export default {
  name: "nemotron-3.5-lightning-reasoning-managed-inference-well-behaved",
  description: "a reply with real tool calls and no tags is left exactly as it came",
  route: { model: "nvidia/nemotron-3.5-lightning-30b-a3b" },
  prompt: "What is this machine's hostname?",
  plugins: ["model-setup-shaping"],
  necessity: false,
  mock: [
    {
      content: "Checking the host name.",
      toolCalls: [{ id: ID, name: "exec", arguments: { command: "hostname" } }],
    },
    { content: "FINAL: the host is named as printed; a < b and </thinking> are just text." },
  ],
  assert(run) {
    expectReplyUntouched(
      run,
      [{ toolCallId: ID, name: "exec", args: { command: "hostname" } }],
      [
        "Checking the host name.",
        "FINAL: the host is named as printed; a < b and </thinking> are just text.",
      ],
    );
  },
} satisfies E2ECase;
