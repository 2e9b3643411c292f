/**
 * Negative case on the real OpenClaw, and the only kind OpenClaw can produce: its agent turn sends its own system
 * prompt first and offers `exec`, so the plugin (loaded for this route) must leave the messages exactly as OpenClaw
 * built them. Its necessity run shows the same body without the intervention: OpenClaw sends no system-less
 * request through a provider, so on these releases the nudge is not needed (see the README).
 */
import type { E2ECase } from "@model-setup/e2e";
import { expect } from "vitest";
import manifest from "../manifest.json" with { type: "json" };

const NUDGE = manifest.effects.openclawRequestBody.insertSystemMessage.content;
const CALL_ID = "call_mock_exec_1";

export default {
  name: "nemotron-3-ultra-nudge-managed-inference-caller-system-message",
  description: "OpenClaw's own system message and the exec tool keep the nudge out",
  route: { model: "nvidia/nemotron-3-ultra-550b-a55b" },
  prompt: "Print a marker.",
  plugins: ["model-setup-shaping"],
  mock: [
    { toolCalls: [{ id: CALL_ID, name: "exec", arguments: { command: "echo nemotron-ultra" } }] },
    { content: "FINAL: done." },
  ],
  assert(run) {
    expect(run.chatRequests).toHaveLength(2);
    for (const request of run.chatRequests) {
      const messages = request.messages();
      expect(messages[0]?.role, "OpenClaw's own system prompt first").toBe("system");
      expect(messages[0]?.content).not.toBe(NUDGE);
      expect(messages.filter((m) => m.content === NUDGE)).toEqual([]);
      expect(request.toolNames()).toContain("exec");
    }
    expect(run.trajectory.executedToolCalls().map((call) => call.args)).toEqual([
      { command: "echo nemotron-ultra" },
    ]);
  },
} satisfies E2ECase;
