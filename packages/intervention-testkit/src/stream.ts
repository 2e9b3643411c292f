/**
 * Stream fixtures and laws for every reply transform: messages and event streams shaped like OpenClaw's
 * openai-completions adapter output, a simulation of what OpenClaw core does with a stream, and the laws a
 * rewritten stream must obey whatever the transform (events, snapshots, `done` and `result()` agree; any chunking
 * of the same reply gives the same final message).
 */
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
    model: "vendor/model-1",
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

export const text = (value: string): AssistantContentBlock => ({ type: "text", text: value });
export const thinking = (value: string): AssistantContentBlock => ({ type: "thinking", thinking: value });

export function toolCall(name: string, args: Record<string, unknown> | string, id = "call_1"): ToolCall {
  return {
    type: "toolCall",
    id,
    name,
    arguments: (typeof args === "string" ? args : { ...args }) as ToolCall["arguments"],
  };
}

/** `text` cut into chunks of `size` characters (at least one chunk, possibly empty). */
export function chunks(value: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < value.length; i += size) out.push(value.slice(i, i + size));
  return out.length > 0 ? out : [""];
}

/** `text` cut at the given offsets (sorted, within the text): any chunking a stream could deliver. */
export function cutAt(value: string, offsets: readonly number[]): string[] {
  const points = [...new Set(offsets.filter((n) => n > 0 && n < value.length))].sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const point of points) {
    out.push(value.slice(from, point));
    from = point;
  }
  out.push(value.slice(from));
  return out;
}

type Chunker = (value: string) => string[];

const argumentsText = (call: ToolCall): string =>
  typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments);

/**
 * The events an adapter emits for a final message: `start`, start/delta/end per block, then `done`. Every event's
 * `partial` is the final message itself (a snapshot that runs ahead; see `growingEvents` for one that does not).
 */
export function eventsFor(final: AssistantMessage, chunking: number | Chunker = 7): Event[] {
  const cut: Chunker = typeof chunking === "number" ? (value) => chunks(value, chunking) : chunking;
  const partial = final;
  const events: Event[] = [{ type: "start", partial }];
  final.content.forEach((block, contentIndex) => {
    if (block.type === "text") {
      events.push({ type: "text_start", contentIndex, partial });
      for (const delta of cut(block.text)) events.push({ type: "text_delta", contentIndex, delta, partial });
      events.push({ type: "text_end", contentIndex, content: block.text, partial });
    } else if (block.type === "thinking") {
      events.push({ type: "thinking_start", contentIndex, partial });
      for (const delta of cut(block.thinking)) {
        events.push({ type: "thinking_delta", contentIndex, delta, partial });
      }
      events.push({ type: "thinking_end", contentIndex, content: block.thinking, partial });
    } else {
      events.push({ type: "toolcall_start", contentIndex, partial });
      for (const delta of cut(argumentsText(block))) {
        events.push({ type: "toolcall_delta", contentIndex, delta, partial });
      }
      events.push({ type: "toolcall_end", contentIndex, toolCall: block, partial });
    }
  });
  const reason = final.stopReason === "toolUse" || final.stopReason === "length" ? final.stopReason : "stop";
  events.push({ type: "done", reason, message: final });
  return events;
}

/**
 * The events of `eventsFor`, with the snapshot growing as a real adapter's does: one object whose content gets
 * each block appended just before that block's first event, and whose text grows with each delta.
 */
export function* growingEvents(final: AssistantMessage, chunking: number | Chunker = 7): Generator<Event> {
  const partial: AssistantMessage = { ...final, content: [] };
  for (const event of eventsFor(final, chunking)) {
    if (event.type === "done") {
      yield event;
      continue;
    }
    const index = (event as { contentIndex?: number }).contentIndex;
    if (index !== undefined && partial.content.length === index) {
      const block = final.content[index] as AssistantContentBlock;
      partial.content.push(
        block.type === "text"
          ? { ...block, text: "" }
          : block.type === "thinking"
            ? { ...block, thinking: "" }
            : block,
      );
    }
    const live = index === undefined ? undefined : partial.content[index];
    if (event.type === "text_delta" && live?.type === "text") live.text += event.delta;
    if (event.type === "thinking_delta" && live?.type === "thinking") live.thinking += event.delta;
    yield { ...event, partial } as Event;
  }
}

export interface RecordingSource extends AssistantMessageEventStreamLike {
  calls: { next: number; return: unknown[]; throw: unknown[] };
}

/** An OpenClaw-like stream over fixed events: async iteration plus `result()`, recording iterator calls. */
export function sourceStream(events: Iterable<Event>, final: AssistantMessage): RecordingSource {
  const list = [...events];
  const calls = { next: 0, return: [] as unknown[], throw: [] as unknown[] };
  return {
    calls,
    result: () => Promise.resolve(final),
    [Symbol.asyncIterator](): AsyncIterator<Event> {
      let index = 0;
      return {
        next: async () => {
          calls.next++;
          const value = list[index++];
          return value === undefined ? { value: undefined, done: true } : { value, done: false };
        },
        return: async (value?: unknown) => {
          calls.return.push(value);
          index = list.length;
          return { value: undefined, done: true };
        },
        throw: async (error?: unknown) => {
          calls.throw.push(error);
          index = list.length;
          throw error;
        },
      };
    },
  };
}

/** The cheapest possible wrapper: forwards every `next()` and `result()` without looking (benches' baseline). */
export function passThrough(source: AssistantMessageEventStreamLike): AssistantMessageEventStreamLike {
  return {
    [Symbol.asyncIterator]: () => {
      const inner = source[Symbol.asyncIterator]();
      return {
        next: () => inner.next(),
        return: (value?: unknown) => inner.return?.(value) ?? Promise.resolve({ value, done: true }),
      };
    },
    result: () => source.result(),
  };
}

/** Reads a stream to its end and its result, as OpenClaw would; the number of events it gave. */
export async function drain(stream: AssistantMessageEventStreamLike): Promise<number> {
  let count = 0;
  for await (const _event of stream) count++;
  await stream.result();
  return count;
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
 * `contentIndex` and, in `result()`, overwrites each tool call's arguments with it; and it drops tool calls from a
 * message whose stop reason is not `toolUse`. Returns the calls as they would execute.
 */
export async function runLikeOpenClaw(stream: AssistantMessageEventStreamLike): Promise<ExecutedCall[]> {
  const json = new Map<number, string>();
  for await (const event of stream) {
    if (event.type === "toolcall_delta")
      json.set(event.contentIndex, (json.get(event.contentIndex) ?? "") + event.delta);
  }
  const final = await stream.result();
  if (final.stopReason !== "toolUse") return [];
  return final.content.flatMap((block, index) => {
    if (block.type !== "toolCall") return [];
    const accumulated = json.get(index);
    const args: unknown = accumulated === undefined ? block.arguments : JSON.parse(accumulated);
    return [{ id: block.id, name: block.name, arguments: args }];
  });
}

/** A message whose content array counts how often its blocks are read, to test cost without a clock. */
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

const blockText = (block: AssistantContentBlock | undefined): string | undefined =>
  block?.type === "text" ? block.text : block?.type === "thinking" ? block.thinking : undefined;

/**
 * Everything in a rewritten event list that contradicts itself: a snapshot without the block its event names, a
 * block whose streamed text or arguments differ from the final message's, a final block no event announced, a
 * `done` whose reason disagrees with its message. Empty means the stream is consistent.
 */
export function streamLawViolations(events: readonly Event[]): string[] {
  const problems: string[] = [];
  const streamed = new Map<number, { type: string; text: string }>();
  let final: AssistantMessage | undefined;
  events.forEach((event, n) => {
    if (event.type === "done") {
      final = event.message;
      if (event.reason !== event.message.stopReason) {
        problems.push(`done #${n}: reason ${event.reason}, message stopReason ${event.message.stopReason}`);
      }
      return;
    }
    if (event.type === "error") {
      final = event.error;
      return;
    }
    const index = (event as { contentIndex?: unknown }).contentIndex;
    if (typeof index !== "number") return;
    const type = event.type.slice(0, event.type.indexOf("_"));
    const entry = streamed.get(index) ?? { type, text: "" };
    if (entry.type !== type)
      problems.push(`#${n} ${event.type}@${index}: block ${index} was a ${entry.type}`);
    streamed.set(index, entry);
    if ("delta" in event && typeof event.delta === "string") entry.text += event.delta;
    const partial = (event as { partial?: AssistantMessage }).partial;
    const block = partial?.content?.[index];
    if (partial && !block) problems.push(`#${n} ${event.type}@${index}: the snapshot has no block ${index}`);
    const expected = { text: "text", thinking: "thinking", toolcall: "toolCall" }[type];
    if (block && block.type !== expected) {
      problems.push(`#${n} ${event.type}@${index}: the snapshot's block ${index} is a ${block.type}`);
    }
    if (event.type === "toolcall_end" && block && block !== event.toolCall) {
      problems.push(`#${n} toolcall_end@${index}: the snapshot holds another call`);
    }
    if ((event.type === "text_end" || event.type === "thinking_end") && event.content !== entry.text) {
      problems.push(
        `#${n} ${event.type}@${index}: ends with ${JSON.stringify(event.content)}, streamed ${JSON.stringify(entry.text)}`,
      );
    }
  });
  if (!final) return [...problems, "no done or error event"];
  final.content.forEach((block, index) => {
    const entry = streamed.get(index);
    if (!entry) {
      problems.push(`final block ${index} (${block.type}) was never streamed`);
      return;
    }
    if (block.type === "toolCall") {
      let args: unknown;
      try {
        args = JSON.parse(entry.text);
      } catch {
        args = entry.text;
      }
      const own = typeof block.arguments === "string" ? JSON.parse(block.arguments) : block.arguments;
      if (JSON.stringify(args) !== JSON.stringify(own)) {
        problems.push(
          `final call ${index} (${block.id}) holds ${JSON.stringify(own)}, streamed ${entry.text}`,
        );
      }
    } else if (blockText(block) !== entry.text) {
      problems.push(
        `final block ${index} holds ${JSON.stringify(blockText(block))}, streamed ${JSON.stringify(entry.text)}`,
      );
    }
  });
  for (const index of streamed.keys()) {
    if (index >= final.content.length)
      problems.push(`block ${index} was streamed but is not in the final message`);
  }
  return problems;
}
