/**
 * MiniMax M3 writing <mm:think> and stopping before it closes it (a reply cut off while thinking): the
 * reasoning must not be the answer. A known issue: OpenClaw's adapter removes the tag before the shaping
 * plugin sees the text, so the plugin cannot tell the reasoning from an answer.
 */
import type { E2ECase } from "@model-setup/e2e";
import { expect } from "vitest";

export default {
  name: "minimax-m2-managed-inference-unclosed-think",
  description: "an opening <mm:think> never closed is reasoning, not the answer",
  route: { model: "minimaxai/minimax-m3" },
  prompt: "Say hello.",
  plugins: ["model-setup-shaping"],
  knownIssue: {
    summary:
      "OpenClaw's own adapter strips an opening tag that never closes and keeps its text as the answer before any plugin sees it",
    symptom: "The user greets me",
  },
  mock: [
    {
      content: "<mm:think>\nThe user greets me; I should greet back and keep thinking about",
      finishReason: "length",
    },
  ],
  assert(run) {
    const texts = run.trajectory
      .assistantBlocks()
      .filter((b) => b.type === "text")
      .map((b) => String(b.text));
    expect(texts.join("")).not.toContain("The user greets me");
    expect(String(run.turn.final ?? "")).not.toContain("The user greets me");
  },
} satisfies E2ECase;
