/**
 * MiniMax M3 writing <mm:think> and stopping before it closes it (a reply cut off while thinking). Without
 * the intervention the reasoning is shown as the answer; with it, it is reasoning and the answer is empty.
 */
import type { E2ECase } from "@model-setup/e2e";
import { expect } from "vitest";

export default {
  name: "minimax-m2-managed-inference-unclosed-think",
  description: "an opening <mm:think> never closed is reasoning, not the answer",
  route: { model: "minimaxai/minimax-m3" },
  prompt: "Say hello.",
  plugins: ["model-setup-shaping"],
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
    expect(String(run.envelope.final ?? "")).not.toContain("The user greets me");
  },
} satisfies E2ECase;
