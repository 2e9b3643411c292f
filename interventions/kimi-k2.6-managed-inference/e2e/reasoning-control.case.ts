/**
 * Control for the reasoning-strip case: the same stack and mock script with reasoning on, but for Kimi K2.5,
 * which no intervention matches. OpenClaw keeps the model's reasoning in the transcript, so the strip case's
 * clean transcript can only come from the plugin.
 */
import type { E2ECase } from "@model-setup/e2e";
import { expect } from "vitest";

const ID = "call_mock_exec_1";

export default {
  name: "kimi-k2.6-managed-inference-reasoning-control",
  description: "without the plugin, OpenClaw persists the reasoning the strip case removes",
  route: { model: "moonshotai/kimi-k2.5", reasoning: true },
  prompt: "What is the date?",
  plugins: [],
  mock: [
    {
      reasoning: { field: "reasoning_content", text: "SECRET-REASONING-1 the user wants the date" },
      toolCalls: [{ id: ID, name: "exec", arguments: '{"command":"date"}' }],
    },
    { reasoning: { field: "reasoning_content", text: "SECRET-REASONING-2 done" }, content: "FINAL: dated." },
  ],
  assert(run) {
    expect(JSON.stringify(run.trajectory.raw.transcript)).toContain("SECRET-REASONING");
    expect(run.trajectory.persistedReasoning().length).toBeGreaterThan(0);
  },
} satisfies E2ECase;
