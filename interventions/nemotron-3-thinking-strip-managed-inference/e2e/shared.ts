/**
 * What the strip cases share: a user's config that puts a top-level `thinking` on the wire (OpenClaw does not send
 * one itself on this route; a model `params.extra_body` does), and one harmless tool turn so the follow-up request
 * is checked too.
 */
import type { CaseRoute, E2ECase, E2ERun } from "@model-setup/e2e";
import { expect } from "vitest";

export const THINKING = { type: "enabled" };
export const CALL_ID = "call_mock_exec_1";

export function userThinkingConfig(model: string): Record<string, unknown> {
  return {
    agents: {
      defaults: { models: { [`inference/${model}`]: { params: { extra_body: { thinking: THINKING } } } } },
    },
  };
}

export const MOCK: E2ECase["mock"] = [
  { toolCalls: [{ id: CALL_ID, name: "exec", arguments: { command: "echo nemotron-strip" } }] },
  { content: "FINAL: done." },
];

/** The turn completed: the one call ran and both requests (the second with its result) reached the model. */
export function expectCompletedTurn(run: E2ERun): void {
  expect(run.trajectory.executedToolCalls().map((call) => call.args)).toEqual([
    { command: "echo nemotron-strip" },
  ]);
  expect(run.chatRequests).toHaveLength(2);
  expect(run.chatRequests[1]?.toolMessages().map((m) => m.tool_call_id)).toEqual([run.wireId(CALL_ID)]);
}

/** A negative case: a route the intervention does not match keeps the user's `thinking` on the wire, no plugin. */
export function keepsUserThinking(name: string, description: string, route: CaseRoute): E2ECase {
  return {
    name,
    description,
    route: { ...route, reasoning: true },
    baseConfig: userThinkingConfig(route.model),
    prompt: "Print a marker.",
    plugins: [],
    mock: MOCK,
    assert(run) {
      for (const request of run.chatRequests) expect(request.body.thinking).toEqual(THINKING);
      expectCompletedTurn(run);
    },
  };
}
