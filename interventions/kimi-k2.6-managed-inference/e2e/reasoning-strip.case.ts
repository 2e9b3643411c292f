/**
 * Kimi streams `reasoning_content`; none of it may reach what OpenClaw persists or replays. The route is
 * generated with reasoning on (NEMOCLAW_REASONING=true), where OpenClaw itself would keep the reasoning (see
 * the reasoning-control case: same stack, unmatched model, reasoning persisted), so a clean transcript here is
 * the plugin's doing.
 */
import type { E2ECase } from "@model-setup/e2e";
import { expect } from "vitest";

const ID = "call_mock_exec_1";

export default {
  name: "kimi-k2.6-managed-inference-reasoning-strip",
  description: "reasoning from the model is neither persisted nor replayed",
  route: { model: "moonshotai/kimi-k2.6", reasoning: true },
  prompt: "What is the date?",
  plugins: ["nemoclaw-kimi-inference-compat"],
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
    expect(run.turn.final).toBe("FINAL: dated.");
  },
} satisfies E2ECase;
