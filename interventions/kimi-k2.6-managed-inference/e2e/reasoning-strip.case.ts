/**
 * Kimi streams `reasoning_content`; none of it may reach what OpenClaw persists or replays. Limitation: the
 * generated entry has `reasoning: false`, and OpenClaw (2026.9.6) then drops reasoning itself (see the
 * unmatched-route case), so this run proves the outcome on the real stack; the plugin's own strip is proven
 * by its unit tests.
 */
import type { E2ECase } from "@model-setup/e2e";
import { expect } from "vitest";

const ID = "call_mock_exec_1";

export default {
  name: "kimi-k2.6-managed-inference-reasoning-strip",
  description: "reasoning from the model is neither persisted nor replayed",
  route: { model: "moonshotai/kimi-k2.6" },
  prompt: "What is the date?",
  plugins: ["kimi-inference-compat"],
  mock: [
    {
      reasoning: { field: "reasoning_content", text: "SECRET-REASONING-1 the user wants the date" },
      toolCalls: [{ id: ID, name: "exec", arguments: '{"command":"date"}' }],
    },
    { reasoning: { field: "reasoning_content", text: "SECRET-REASONING-2 done" }, content: "FINAL: dated." },
  ],
  assert(run) {
    expect(run.trajectory.persistedReasoning()).toEqual([]);
    expect(JSON.stringify(run.trajectory.raw.transcript)).not.toContain("SECRET-REASONING");
    const followUp = run.chatRequests[1];
    expect(JSON.stringify(followUp?.messages())).not.toContain("SECRET-REASONING");
    expect(run.trajectory.executedToolCalls()).toEqual([
      { toolCallId: ID, name: "exec", args: { command: "date" } },
    ]);
    expect(run.envelope.final).toBe("FINAL: dated.");
  },
} satisfies E2ECase;
