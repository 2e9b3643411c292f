/** Turns a scripted {@link MockReply} into OpenAI chat-completions wire objects (stream chunks or one body). */
import type { MockReply, MockToolCall } from "./types.js";

type Json = Record<string, unknown>;

interface ReplyMeta {
  id: string;
  model: string;
}

const CREATED = 1_700_000_000;
const USAGE = { prompt_tokens: 42, completion_tokens: 7, total_tokens: 49 };

function encodeArguments(call: MockToolCall): string {
  return typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments);
}

function finishReason(reply: MockReply): string {
  return reply.finishReason ?? ((reply.toolCalls?.length ?? 0) > 0 ? "tool_calls" : "stop");
}

function extraContent(call: MockToolCall): Json {
  return call.thoughtSignature === undefined
    ? {}
    : { extra_content: { google: { thought_signature: call.thoughtSignature } } };
}

function chunk(meta: ReplyMeta, delta: Json, finish: string | null = null): Json {
  return {
    id: meta.id,
    object: "chat.completion.chunk",
    created: CREATED,
    model: meta.model,
    choices: [{ index: 0, delta, finish_reason: finish }],
  };
}

/** Splits a text in two halves so every field is really streamed in more than one delta. */
function halves(text: string): string[] {
  if (text.length < 2) return [text];
  const mid = Math.ceil(text.length / 2);
  return [text.slice(0, mid), text.slice(mid)];
}

export function replyChunks(reply: MockReply, meta: ReplyMeta & { includeUsage: boolean }): Json[] {
  const out: Json[] = [chunk(meta, { role: "assistant", content: "" })];
  if (reply.reasoning) {
    for (const part of halves(reply.reasoning.text)) out.push(chunk(meta, { [reply.reasoning.field]: part }));
  }
  if (reply.content) {
    for (const part of halves(reply.content)) out.push(chunk(meta, { content: part }));
  }
  (reply.toolCalls ?? []).forEach((call, index) => {
    out.push(
      chunk(meta, {
        tool_calls: [
          {
            index,
            id: call.id,
            type: "function",
            function: { name: call.name, arguments: "" },
            ...extraContent(call),
          },
        ],
      }),
    );
    for (const part of halves(encodeArguments(call))) {
      out.push(chunk(meta, { tool_calls: [{ index, function: { arguments: part } }] }));
    }
  });
  out.push(chunk(meta, {}, finishReason(reply)));
  if (meta.includeUsage) {
    out.push({
      id: meta.id,
      object: "chat.completion.chunk",
      created: CREATED,
      model: meta.model,
      choices: [],
      usage: USAGE,
    });
  }
  return out;
}

export function replyMessage(reply: MockReply, meta: ReplyMeta): Json {
  const message: Json = { role: "assistant", content: reply.content ?? null };
  if (reply.reasoning) message[reply.reasoning.field] = reply.reasoning.text;
  if (reply.toolCalls?.length) {
    message.tool_calls = reply.toolCalls.map((call) => ({
      id: call.id,
      type: "function",
      function: { name: call.name, arguments: encodeArguments(call) },
      ...extraContent(call),
    }));
  }
  return {
    id: meta.id,
    object: "chat.completion",
    created: CREATED,
    model: meta.model,
    choices: [{ index: 0, message, finish_reason: finishReason(reply) }],
    usage: USAGE,
  };
}
