/**
 * Expectations many cases share about a finished turn, with vitest's `expect` (cases run inside the e2e suite).
 */
import { expect } from "vitest";
import type { E2ERun } from "./run-result.js";
import { contentText, type ToolCallRecord } from "./trajectory.js";

/**
 * The turn's first executed call is `name` with `args`, and what it printed reached the model on the follow-up
 * request: a call the model wrote as text became a real one, end to end. Returns the call.
 */
export function expectCallRoundTrip(
  run: E2ERun,
  name: string,
  args: Record<string, unknown>,
): ToolCallRecord {
  const [call] = run.trajectory.executedToolCalls();
  expect(call, "an executed tool call").toMatchObject({ name, args });
  const output = run.trajectory.toolResult(String(call?.toolCallId)).text.trim();
  expect(output, "the call's output").not.toBe("");
  const sent = (run.chatRequests[1]?.toolMessages() ?? []).map((message) => contentText(message.content));
  expect(
    sent.some((text) => text.includes(output)),
    `the output on the follow-up: ${output}`,
  ).toBe(true);
  return call as ToolCallRecord;
}

/** The model's calls ran exactly as sent and its text was kept exactly as written: a reply left alone. */
export function expectReplyUntouched(run: E2ERun, calls: ToolCallRecord[], texts: string[]): void {
  expect(run.trajectory.executedToolCalls(), "the executed calls").toEqual(calls);
  const kept = run.trajectory
    .assistantBlocks()
    .filter((block) => block.type === "text")
    .map((block) => block.text);
  expect(kept, "the assistant's text blocks").toEqual(texts);
}
