/**
 * The split is an allowlist, not a shell parser: `hostname && date` (an `&&` chain) is not split. OpenClaw
 * executes it as the single call the model made, under its original id.
 */
import type { E2ECase } from "@model-setup/e2e";
import { expect } from "vitest";

const ID = "call_mock_exec_1";
const COMMAND = "hostname && date";

export default {
  name: "kimi-k2.6-managed-inference-exec-passthrough",
  description: "a combined command outside the allowlisted `;` form stays one exec call",
  route: { model: "moonshotai/kimi-k2.6" },
  prompt: "Report this machine's hostname and date.",
  plugins: ["nemoclaw-kimi-inference-compat"],
  mock: [
    { toolCalls: [{ id: ID, name: "exec", arguments: JSON.stringify({ command: COMMAND }) }] },
    { content: "FINAL: reported." },
  ],
  assert(run) {
    expect(run.trajectory.executedToolCalls()).toEqual([
      { toolCallId: ID, name: "exec", args: { command: COMMAND } },
    ]);
    expect(run.trajectory.transcriptToolCalls()).toEqual([
      { toolCallId: ID, name: "exec", args: { command: COMMAND } },
    ]);
    const result = run.trajectory.toolResult(ID);
    expect(result.exitCode).toBe(0);
    expect(result.text.trim().split("\n")).toHaveLength(2); // both commands ran in the one call

    const followUp = run.chatRequests[1];
    expect(followUp?.assistantToolCalls().map((c) => [c.id, c.args])).toEqual([
      [run.wireId(ID), { command: COMMAND }],
    ]);
    expect(followUp?.toolMessages().map((m) => [m.tool_call_id, m.name])).toEqual([[run.wireId(ID), "exec"]]);
    expect(run.turn.toolSummary).toMatchObject({ calls: 1, failures: 0 });
  },
} satisfies E2ECase;
