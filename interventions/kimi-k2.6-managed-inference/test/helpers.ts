/** The testkit's stream fixtures, with Kimi's route and exec calls as defaults. */

import { message as anyMessage } from "@model-setup/intervention-testkit/stream";
import type { AssistantContentBlock, AssistantMessage, ToolCall } from "@model-setup/openclaw-plugin-api";

export {
  collect,
  countingReads,
  drain,
  type Event,
  eventsFor,
  growingEvents,
  passThrough,
  runLikeOpenClaw,
  shape,
  sourceStream,
  streamLawViolations,
  text,
  thinking,
} from "@model-setup/intervention-testkit/stream";

export function message(
  content: AssistantContentBlock[],
  extra: Partial<AssistantMessage> = {},
): AssistantMessage {
  return anyMessage(content, { model: "moonshotai/kimi-k2.6", ...extra });
}

export function execCall(command: string, id = "call_1", encoding: "object" | "string" = "object"): ToolCall {
  const args = { command };
  return {
    type: "toolCall",
    id,
    name: "exec",
    arguments: encoding === "object" ? args : (JSON.stringify(args) as unknown as ToolCall["arguments"]),
  };
}
