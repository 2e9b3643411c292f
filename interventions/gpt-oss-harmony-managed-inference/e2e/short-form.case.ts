/**
 * The form lmstudio-ai/lmstudio-bug-tracker#1545 quotes: no functions. prefix and no <|call|> (its
 * `timeout` argument left out: OpenClaw's exec takes timeoutSeconds).
 */
import { type E2ECase, expectCallRoundTrip } from "@model-setup/e2e";
import { expect } from "vitest";

export default {
  name: "gpt-oss-harmony-managed-inference-short-form",
  description: "commentary to=exec<|constrain|>json<|message|>{…} without <|call|> runs as a tool call",
  route: { model: "openai/gpt-oss-20b" },
  prompt: "What is the date?",
  plugins: ["model-setup-shaping"],
  mock: [
    {
      content: '<|channel|>commentary to=exec<|constrain|>json<|message|>{"command":"date"}',
      finishReason: "stop",
    },
    { content: "FINAL: dated." },
  ],
  assert(run) {
    expectCallRoundTrip(run, "exec", { command: "date" });
    expect(run.turn.final).toBe("FINAL: dated.");
  },
} satisfies E2ECase;
