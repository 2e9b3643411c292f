/**
 * Negative: Kimi K2.5 on the same managed route is not matched. No plugin is configured or loaded and no
 * compat is set, so the combined call runs as one call and the wire shows OpenClaw's defaults
 * (max_completion_tokens, tool messages without `name`, Tool Search code mode). Reasoning is not persisted
 * here: the generated model entry has `reasoning: false`, so OpenClaw runs with thinking "off" and drops it
 * itself (the reasoning-strip and reasoning-control cases run with reasoning on).
 */
import type { E2ECase } from "@model-setup/e2e";
import { expect } from "vitest";

const ID = "call_mock_exec_1";

export default {
  name: "kimi-k2.6-managed-inference-unmatched-route",
  description: "a model the manifest does not match is untouched",
  route: { model: "moonshotai/kimi-k2.5" },
  prompt: "Report this machine's hostname, date and uptime.",
  plugins: [],
  mock: [
    {
      reasoning: { field: "reasoning_content", text: "BASELINE-REASONING run the diagnostics" },
      toolCalls: [{ id: ID, name: "exec", arguments: '{"command":"hostname; date; uptime"}' }],
    },
    { content: "FINAL: diagnostics reported." },
  ],
  assert(run) {
    expect(run.modelEntries.map((m) => m.compat)).toEqual([undefined]);

    expect(run.trajectory.executedToolCalls()).toEqual([
      { toolCallId: ID, name: "exec", args: { command: "hostname; date; uptime" } },
    ]);
    expect(run.trajectory.toolResult(ID).text.trim().split("\n")).toHaveLength(3);
    expect(JSON.stringify(run.trajectory.raw)).not.toContain("BASELINE-REASONING");

    const [first, followUp] = run.chatRequests;
    expect(first?.body).toHaveProperty("max_completion_tokens");
    expect(first?.body).not.toHaveProperty("max_tokens");
    expect(first?.toolNames()).toContain("tool_search_code");
    expect(followUp?.toolMessages().map((m) => [m.tool_call_id, m.name])).toEqual([
      [run.wireId(ID), undefined],
    ]);
  },
} satisfies E2ECase;
