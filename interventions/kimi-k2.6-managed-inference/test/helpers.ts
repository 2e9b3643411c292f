/** Builders for assistant messages and streams shaped like OpenClaw's openai-completions adapter output. */
import type {
  AssistantContentBlock,
  AssistantMessage,
  AssistantMessageEvent,
  AssistantMessageEventStreamLike,
  ToolCall,
} from "@model-setup/openclaw-plugin-api";

export type Event = AssistantMessageEvent;

export function message(
  content: AssistantContentBlock[],
  extra: Partial<AssistantMessage> = {},
): AssistantMessage {
  return {
    role: "assistant",
    content,
    api: "openai-completions",
    provider: "inference",
    model: "moonshotai/kimi-k2.6",
    usage: {
      input: 1,
      output: 2,
      cacheRead: 0,
      cacheWrite: 0,
      totalTokens: 3,
      cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0 },
    },
    stopReason: "stop",
    timestamp: 1_700_000_000_000,
    ...extra,
  };
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

export const text = (value: string): AssistantContentBlock => ({ type: "text", text: value });
export const thinking = (value: string): AssistantContentBlock => ({ type: "thinking", thinking: value });

function chunks(value: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < value.length; i += size) out.push(value.slice(i, i + size));
  return out.length > 0 ? out : [""];
}

/**
 * The events an adapter emits for a final message: `start`, start/delta/end per block, then `done`. Like the
 * real adapter, every event's `partial` is the same message object.
 */
export function eventsFor(final: AssistantMessage, chunkSize = 7): Event[] {
  const partial = final;
  const events: Event[] = [{ type: "start", partial }];
  final.content.forEach((block, contentIndex) => {
    if (block.type === "text") {
      events.push({ type: "text_start", contentIndex, partial });
      for (const delta of chunks(block.text, chunkSize))
        events.push({ type: "text_delta", contentIndex, delta, partial });
      events.push({ type: "text_end", contentIndex, content: block.text, partial });
    } else if (block.type === "thinking") {
      events.push({ type: "thinking_start", contentIndex, partial });
      for (const delta of chunks(block.thinking, chunkSize)) {
        events.push({ type: "thinking_delta", contentIndex, delta, partial });
      }
      events.push({ type: "thinking_end", contentIndex, content: block.thinking, partial });
    } else {
      const json = typeof block.arguments === "string" ? block.arguments : JSON.stringify(block.arguments);
      events.push({ type: "toolcall_start", contentIndex, partial });
      for (const delta of chunks(json, chunkSize))
        events.push({ type: "toolcall_delta", contentIndex, delta, partial });
      events.push({ type: "toolcall_end", contentIndex, toolCall: block, partial });
    }
  });
  const reason = final.stopReason === "toolUse" || final.stopReason === "length" ? final.stopReason : "stop";
  events.push({ type: "done", reason, message: final });
  return events;
}

export interface RecordingSource extends AssistantMessageEventStreamLike {
  calls: { next: number; return: unknown[]; throw: unknown[] };
}

/** An OpenClaw-like stream over fixed events: async iteration plus `result()`, recording iterator calls. */
export function sourceStream(events: readonly Event[], final: AssistantMessage): RecordingSource {
  const calls = { next: 0, return: [] as unknown[], throw: [] as unknown[] };
  return {
    calls,
    result: () => Promise.resolve(final),
    [Symbol.asyncIterator](): AsyncIterator<Event> {
      let index = 0;
      return {
        next: async () => {
          calls.next++;
          const value = events[index++];
          return value === undefined ? { value: undefined, done: true } : { value, done: false };
        },
        return: async (value?: unknown) => {
          calls.return.push(value);
          index = events.length;
          return { value: undefined, done: true };
        },
        throw: async (error?: unknown) => {
          calls.throw.push(error);
          index = events.length;
          throw error;
        },
      };
    },
  };
}

export async function collect(stream: AsyncIterable<Event>): Promise<Event[]> {
  const out: Event[] = [];
  for await (const event of stream) out.push(event);
  return out;
}

/** `{type, contentIndex}` of each event, for order assertions. */
export const shape = (events: readonly Event[]): string[] =>
  events.map((event) => {
    const index = (event as { contentIndex?: number }).contentIndex;
    return index === undefined ? event.type : `${event.type}@${index}`;
  });

export interface ExecutedCall {
  id: string;
  name: string;
  arguments: unknown;
}

/**
 * What OpenClaw core does with a stream (the "plugin-naive" pitfall): it accumulates `toolcall_delta` JSON per
 * `contentIndex` and, in `result()`, overwrites each tool call's arguments with it. Returns the calls as they
 * would execute.
 */
export async function runLikeOpenClaw(stream: AssistantMessageEventStreamLike): Promise<ExecutedCall[]> {
  const json = new Map<number, string>();
  for await (const event of stream) {
    if (event.type === "toolcall_delta")
      json.set(event.contentIndex, (json.get(event.contentIndex) ?? "") + event.delta);
  }
  const final = await stream.result();
  return final.content.flatMap((block, index) => {
    if (block.type !== "toolCall") return [];
    const accumulated = json.get(index);
    const args: unknown = accumulated === undefined ? block.arguments : JSON.parse(accumulated);
    return [{ id: block.id, name: block.name, arguments: args }];
  });
}

/**
 * The events of `eventsFor`, with the snapshot growing as a real adapter's does: one object whose content gets
 * each block appended just before that block's first event. Lazy, so the growth happens as a consumer pulls.
 */
export function* growingEvents(final: AssistantMessage, chunkSize = 7): Generator<Event> {
  const partial: AssistantMessage = { ...final, content: [] };
  for (const event of eventsFor(final, chunkSize)) {
    if (event.type === "done") {
      yield event;
      continue;
    }
    const index = (event as { contentIndex?: number }).contentIndex;
    if (index !== undefined && partial.content.length === index) {
      partial.content.push(final.content[index] as AssistantContentBlock);
    }
    yield { ...event, partial } as Event;
  }
}

/**
 * A message whose content array counts how often its blocks are read, to test the rewriting's cost without a
 * clock.
 */
export function countingReads(final: AssistantMessage): { message: AssistantMessage; reads: () => number } {
  let reads = 0;
  const content = new Proxy(final.content, {
    get(target, key, receiver) {
      if (typeof key === "string" && /^\d+$/.test(key)) reads++;
      return Reflect.get(target, key, receiver);
    },
  });
  return { message: { ...final, content }, reads: () => reads };
}
