/**
 * MiniMax M2.7 as litellm's parser notes and openclaw/openclaw#59824 shows: the reasoning is plain content,
 * closed by a late </think> with no opening tag. With the intervention it is moved out: the tool runs, the
 * answer is clean and the history sent back holds neither reasoning nor tag.
 */
import type { E2ECase } from "@model-setup/e2e";
import { expect } from "vitest";

const ID = "call_minimax_1";

export default {
  name: "minimax-m2-managed-inference-orphan-think",
  description: "reasoning before a late orphan </think> is kept out of the answer and the history",
  route: { model: "minimaxai/minimax-m2.7" },
  prompt: "What is the date?",
  plugins: ["model-setup-shaping"],
  mock: [
    {
      content: "The user said date, we should run the date command.</think>",
      toolCalls: [{ id: ID, name: "exec", arguments: { command: "date" } }],
    },
    { content: "Okay, the date came back, reply briefly.\n</think>\n\nFINAL: dated." },
  ],
  assert(run) {
    expect(run.trajectory.executedToolCalls()).toEqual([
      { toolCallId: ID, name: "exec", args: { command: "date" } },
    ]);
    expect(run.turn.final).toBe("FINAL: dated.");
    const history = JSON.stringify(run.chatRequests[1]?.messages().filter((m) => m.role === "assistant"));
    expect(history).not.toContain("we should run");
    expect(history).not.toContain("</think>");
  },
} satisfies E2ECase;
