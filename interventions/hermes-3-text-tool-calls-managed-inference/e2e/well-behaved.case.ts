/** An answer that merely contains JSON, and a real tool call, pass through as the model wrote them. */
import { type E2ECase, expectReplyUntouched } from "@model-setup/e2e";

const ID = "call_hermes_ok";
const ANSWER = 'FINAL: the config is {"name":"exec","arguments":{}} as shown.';

export default {
  name: "hermes-3-text-tool-calls-managed-inference-well-behaved",
  description: "a real tool call and an answer that only mentions JSON are left exactly as they came",
  route: { model: "hermes3:8b" },
  prompt: "What is this machine's hostname?",
  plugins: ["model-setup-shaping"],
  necessity: false,
  mock: [{ toolCalls: [{ id: ID, name: "exec", arguments: { command: "hostname" } }] }, { content: ANSWER }],
  assert(run) {
    expectReplyUntouched(run, [{ toolCallId: ID, name: "exec", args: { command: "hostname" } }], [ANSWER]);
  },
} satisfies E2ECase;
