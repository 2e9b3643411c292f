/**
 * Kimi's reply shaping on the shared stream rewriter: the exec split for each complete tool call, reasoning kept
 * out of the reply, and the tool schemas emptied once more in the context the stream is called with.
 */
import type {
  AnyAgentTool,
  AssistantMessage,
  AssistantMessageEvent,
  AssistantMessageEventStreamLike,
  Context,
  StreamFn,
} from "@model-setup/openclaw-plugin-api";
import {
  type EventSource,
  type ReplyPlan,
  rewriteEvents as rewriteEventsWith,
  rewriteMessage,
  rewriteStream as rewriteStreamWith,
  wrapStreamFn as wrapStreamFnWith,
} from "@model-setup/reply-shaping";
import { normalizeToolSchemas } from "./schemas.js";
import { splitExecToolCall } from "./split.js";

export const KIMI_PLAN: ReplyPlan = { toolCall: splitExecToolCall, dropReasoning: true };

export function rewriteStream(source: EventSource): AssistantMessageEventStreamLike {
  return rewriteStreamWith(source, KIMI_PLAN);
}

export function rewriteEvents(events: Iterable<AssistantMessageEvent>): AssistantMessageEvent[] {
  return rewriteEventsWith(events, KIMI_PLAN);
}

/** A whole message as the stream would have made it: reasoning out, splittable exec calls split. */
export function rewriteAssistantMessage(message: AssistantMessage): AssistantMessage {
  return rewriteMessage(message, KIMI_PLAN);
}

function isAgentTool(value: unknown): value is AnyAgentTool {
  return (
    typeof value === "object" && value !== null && typeof (value as { name?: unknown }).name === "string"
  );
}

/**
 * The tools as they go on the wire, emptied once more: OpenClaw adds properties to some tools after
 * `normalizeToolSchemas` ran (seen on the real OpenClaw 2026.9.6: the swarm fields of `sessions_spawn`), and the
 * stream call is the last point before the request. Returns the same context when nothing changes.
 */
export function withNormalizedTools(context: Context): Context {
  const tools = context.tools;
  if (!Array.isArray(tools) || !tools.every(isAgentTool)) return context;
  const normalized = normalizeToolSchemas(tools);
  return normalized.every((tool, index) => tool === tools[index])
    ? context
    : { ...context, tools: normalized };
}

export function wrapStreamFn(inner: StreamFn): StreamFn {
  return wrapStreamFnWith(inner, () => KIMI_PLAN, withNormalizedTools);
}
