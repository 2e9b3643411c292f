/**
 * The headline behaviour: Kimi emits `hostname; date; uptime` as ONE exec call; the plugin turns it into three
 * exec calls that OpenClaw executes, persists and replays separately, correlated by id. Also checks the wire
 * compat the manifest sets (tool messages carry `name`, `max_tokens` instead of `max_completion_tokens`).
 */
import type { E2ECase } from "@model-setup/e2e";
import { expect } from "vitest";

const ORIGINAL_ID = "call_mock_exec_1";
const COMMANDS = ["hostname", "date", "uptime"] as const;
const SPLIT_IDS = COMMANDS.map((cmd, i) => `${ORIGINAL_ID}_split_${i + 1}_${cmd}`);

export default {
  name: "kimi-k2.6-managed-inference-exec-split",
  description: "one combined diagnostic exec call becomes three correlated exec calls",
  route: { model: "moonshotai/kimi-k2.6" },
  prompt: "Report this machine's hostname, date and uptime.",
  plugins: ["nemoclaw-kimi-inference-compat"],
  mock: [
    { toolCalls: [{ id: ORIGINAL_ID, name: "exec", arguments: '{"command":"hostname; date; uptime"}' }] },
    { content: "FINAL: diagnostics reported." },
  ],
  assert(run) {
    // What OpenClaw executed: three calls, each with exactly its own command.
    const executed = run.trajectory.executedToolCalls();
    expect(executed.map((c) => c.toolCallId)).toEqual(SPLIT_IDS);
    expect(executed.map((c) => c.name)).toEqual(["exec", "exec", "exec"]);
    expect(executed.map((c) => c.args)).toEqual(COMMANDS.map((command) => ({ command })));

    // What it persisted: the same three calls in one assistant message, and one result per id.
    expect(run.trajectory.transcriptToolCalls().map((c) => [c.toolCallId, c.args])).toEqual(
      COMMANDS.map((command, i) => [SPLIT_IDS[i], { command }]),
    );
    expect(
      run.trajectory
        .toolResults()
        .map((r) => r.toolCallId)
        .sort(),
    ).toEqual([...SPLIT_IDS].sort());
    const [hostname, date, uptime] = SPLIT_IDS.map((id) => run.trajectory.toolResult(id));
    for (const result of [hostname, date, uptime]) {
      expect(result?.isError).toBe(false);
      expect(result?.exitCode).toBe(0);
      expect(result?.text.trim().split("\n")).toHaveLength(1); // one command's output, not three
    }
    expect(hostname?.text.trim()).toMatch(/^[A-Za-z0-9.-]+$/);
    expect(date?.text).toMatch(/\b\d{2}:\d{2}:\d{2}\b.*\b\d{4}\b/);
    expect(date?.text).not.toMatch(/load average/);
    expect(uptime?.text).toMatch(/\bup\b.*load average/);

    // What the model saw on the follow-up: three tool_calls and three tool results, ids matching.
    expect(run.chatRequests).toHaveLength(2);
    const followUp = run.chatRequests[1];
    const wireIds = SPLIT_IDS.map((id) => run.wireId(id));
    expect(followUp?.assistantToolCalls().map((c) => [c.id, c.name, c.args])).toEqual(
      COMMANDS.map((command, i) => [wireIds[i], "exec", { command }]),
    );
    const toolMessages = followUp?.toolMessages() ?? [];
    expect(toolMessages.map((m) => m.tool_call_id)).toEqual(wireIds);
    // compat requiresToolResultName: every tool message names its tool.
    expect(toolMessages.map((m) => m.name)).toEqual(["exec", "exec", "exec"]);
    // compat maxTokensField: max_tokens on every request, never max_completion_tokens.
    for (const request of run.chatRequests) {
      expect(request.body.max_tokens).toBeTypeOf("number");
      expect(request.body).not.toHaveProperty("max_completion_tokens");
    }
    expect(run.turn.toolSummary).toMatchObject({ calls: 3, failures: 0 });
  },
} satisfies E2ECase;
