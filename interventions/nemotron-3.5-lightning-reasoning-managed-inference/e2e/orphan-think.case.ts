/**
 * Nemotron 3.5 Lightning served without a reasoning parser (NVIDIA/NemoClaw#6992): each reply's text starts
 * mid-reasoning and carries an orphan </think> before the answer. With the intervention the reasoning is
 * moved out: the tool runs, the answer is clean, and the history sent back holds no reasoning or tag.
 */
import type { E2ECase } from "@model-setup/e2e";
import { expect } from "vitest";

const ID = "call_lightning_1";
const LEAKED = ["so I will call the exec tool", "now I answer", "</think>"];

export default {
  name: "nemotron-3.5-lightning-reasoning-managed-inference-orphan-think",
  description: "reasoning before an orphan </think> is kept out of the answer and the history",
  route: { model: "nvidia/nemotron-3.5-lightning-30b-a3b" },
  prompt: "What is this machine's hostname?",
  plugins: ["model-setup-shaping"],
  mock: [
    {
      content: "The user wants the hostname, so I will call the exec tool.\n</think>\n\n",
      toolCalls: [{ id: ID, name: "exec", arguments: { command: "hostname" } }],
    },
    { content: "The tool printed the name, now I answer.\n</think>\n\nFINAL: host reported." },
  ],
  assert(run) {
    expect(run.trajectory.executedToolCalls()).toEqual([
      { toolCallId: ID, name: "exec", args: { command: "hostname" } },
    ]);
    expect(run.turn.final).toBe("FINAL: host reported.");
    const history = JSON.stringify(run.chatRequests[1]?.messages().filter((m) => m.role === "assistant"));
    for (const leak of LEAKED) expect(history).not.toContain(leak);
  },
} satisfies E2ECase;
