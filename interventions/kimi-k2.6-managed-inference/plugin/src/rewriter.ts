/**
 * The stateful core of the stream rewriting (see stream.ts for why events must be rewritten too): feed it a
 * stream's events in order, get the rewritten events; it also rewrites the final message consistently.
 */
import type {
  AssistantContentBlock,
  AssistantMessage,
  AssistantMessageEvent,
  ToolCall,
} from "@model-setup/openclaw-plugin-api";
import { type ExpandBlock, rewriteAssistantMessage } from "./message.js";
import { hasReasoningFields, isReasoningBlock, isReasoningEventType } from "./reasoning.js";
import { argumentsJson, isToolCall, splitExecToolCall } from "./split.js";

type Event = AssistantMessageEvent;

type ToolCallEvent = Extract<Event, { type: "toolcall_start" | "toolcall_delta" | "toolcall_end" }>;

function isToolCallEvent(event: Event): event is ToolCallEvent {
  return event.type === "toolcall_start" || event.type === "toolcall_delta" || event.type === "toolcall_end";
}

/** The event's content index when it is a usable one (a non-negative integer); anything else is none. */
function contentIndexOf(event: Event): number | undefined {
  const index = (event as { contentIndex?: unknown }).contentIndex;
  return typeof index === "number" && Number.isSafeInteger(index) && index >= 0 ? index : undefined;
}

/**
 * The stateful core: feed it the source events in order with `push`, call `end` when the source is
 * exhausted; rewritten events are appended to `out`. One instance per stream.
 */
export class StreamRewriter {
  /** Source content index of a split tool call → the calls it became. */
  private readonly splits = new Map<number, ToolCall[]>();
  /** Tool-call indices whose fate is settled (split or kept) by their events. */
  private readonly settled = new Set<number>();
  /** Reasoning block indices (removed). */
  private readonly dropped = new Set<number>();
  /** Index shifts `[source index, delta]`: later indices move by delta. Few entries per message. */
  private readonly shifts: Array<[number, number]> = [];
  /** Split indices whose replacement events were already emitted. */
  private readonly emitted = new Set<number>();
  /** Tool calls started and not yet ended. While any is open every event is held, to keep order. */
  private readonly open = new Set<number>();
  private held: Event[] = [];
  private readonly finals = new WeakMap<AssistantMessage, AssistantMessage>();
  /**
   * Highest source content index an event has already been emitted for. A call before it can no longer be split:
   * the later block went out under its unshifted index, and shifting it now would leave events and message
   * disagreeing about which block is where.
   */
  private emittedUpTo = -1;
  /**
   * Set by a tool-call event without a usable content index: which block it belongs to is unknown, so no call
   * is split from then on (in events or in the final message); what was split already stays split.
   */
  private opaque = false;

  push(event: Event, out: Event[]): void {
    const toolIndex = isToolCallEvent(event) ? contentIndexOf(event) : undefined;
    if (isToolCallEvent(event) && toolIndex === undefined) this.opaque = true;
    // Any event of an unsettled tool call opens it, even without a `toolcall_start` before it.
    if (toolIndex !== undefined && !this.settled.has(toolIndex)) this.open.add(toolIndex);
    if (this.open.size === 0 && this.held.length === 0) {
      this.emit(event, out);
      return;
    }
    if (event.type === "done" || event.type === "error") {
      this.release(out);
      this.emit(event, out);
      return;
    }
    this.held.push(event);
    if (event.type === "toolcall_end" && toolIndex !== undefined) {
      this.settle(event, toolIndex);
      this.open.delete(toolIndex);
      if (this.open.size === 0) this.release(out);
    }
  }

  /** The source ended: anything still held goes out; unfinished tool calls are kept as they are. */
  end(out: Event[]): void {
    this.release(out);
  }

  /** The final message, rewritten consistently with the events seen so far (same object on repeat calls). */
  rewriteFinal(message: AssistantMessage): AssistantMessage {
    const cached = this.finals.get(message);
    if (cached) return cached;
    const rewritten = rewriteAssistantMessage(message, this.expandFinal);
    this.finals.set(message, rewritten);
    return rewritten;
  }

  private readonly expandFinal: ExpandBlock = (block, index) => {
    if (isReasoningBlock(block)) return [];
    if (!isToolCall(block)) return undefined;
    const split = this.splits.get(index);
    if (split) return split;
    // Settled and not split: the events carried it unchanged, so must the message.
    if (this.settled.has(index) || this.opaque || index < this.emittedUpTo) return undefined;
    return splitExecToolCall(block);
  };

  private settle(event: Extract<Event, { type: "toolcall_end" }>, index: number): void {
    if (this.settled.has(index)) return;
    this.settled.add(index);
    if (this.opaque || index < this.emittedUpTo) return;
    const call = isToolCall(event.toolCall) ? event.toolCall : event.partial?.content?.[index];
    const split = isToolCall(call) ? splitExecToolCall(call) : undefined;
    if (!split) return;
    this.splits.set(index, split);
    this.version++;
    if (split.length !== 1) this.addShift(index, split.length - 1);
  }

  private release(out: Event[]): void {
    for (const index of this.open) this.settled.add(index);
    this.open.clear();
    const held = this.held;
    this.held = [];
    for (const event of held) this.emit(event, out);
  }

  private addShift(index: number, delta: number): void {
    let at = this.shifts.length;
    while (at > 0 && (this.shifts[at - 1] as [number, number])[0] > index) at--;
    this.shifts.splice(at, 0, [index, delta]);
  }

  private mapIndex(index: number): number {
    const shifts = this.shifts;
    let mapped = index;
    for (let i = 0; i < shifts.length; i++) {
      const [at, delta] = shifts[i] as [number, number];
      if (at >= index) break;
      mapped += delta;
    }
    return mapped;
  }

  private get rewriting(): boolean {
    return this.splits.size > 0 || this.dropped.size > 0;
  }

  /**
   * Last snapshot found clean, and its content length then. Adapters mutate one snapshot object and only
   * append blocks, so it is re-checked when a block is added. (A reasoning field added to the message without
   * a new block shows in snapshots until then; `done`/`error`/`result()` are always rewritten in full.)
   */
  private cleanPartial: AssistantMessage | undefined;
  private cleanLength = -1;

  private isClean(partial: AssistantMessage): boolean {
    const length = Array.isArray(partial.content) ? partial.content.length : -1;
    if (partial === this.cleanPartial && length === this.cleanLength) return true;
    if (needsRewrite(partial)) return false;
    this.cleanPartial = partial;
    this.cleanLength = length;
    return true;
  }

  /** Bumped whenever a split or a removed block changes how snapshots are rewritten. */
  private version = 0;
  /**
   * The last rewritten snapshot. Reused while the source snapshot, its block count and the decisions are the
   * same: blocks are shared with the source, so text growing inside a block still shows.
   */
  private snapshot:
    | {
        source: AssistantMessage;
        length: number;
        version: number;
        upToIndex: number;
        upToCount: number;
        rewritten: AssistantMessage;
      }
    | undefined;

  /** The snapshot as it should be seen: same object when nothing in it needs rewriting. */
  private rewritePartial(
    partial: AssistantMessage,
    upTo?: { index: number; count: number },
  ): AssistantMessage {
    if (!this.rewriting && upTo === undefined && this.isClean(partial)) return partial;
    const length = Array.isArray(partial.content) ? partial.content.length : -1;
    const upToIndex = upTo?.index ?? -1;
    const upToCount = upTo?.count ?? -1;
    const cached = this.snapshot;
    if (
      cached?.source === partial &&
      cached.length === length &&
      cached.version === this.version &&
      cached.upToIndex === upToIndex &&
      cached.upToCount === upToCount
    ) {
      return cached.rewritten;
    }
    const rewritten = rewriteAssistantMessage(partial, (block, index) => {
      if (isReasoningBlock(block)) return [];
      if (!isToolCall(block)) return undefined;
      const split = this.splits.get(index);
      if (!split) return undefined;
      return upToIndex === index ? split.slice(0, upToCount) : split;
    });
    this.snapshot = { source: partial, length, version: this.version, upToIndex, upToCount, rewritten };
    return rewritten;
  }

  private emit(event: Event, out: Event[]): void {
    const sourceIndex = contentIndexOf(event);
    if (sourceIndex !== undefined && sourceIndex > this.emittedUpTo) this.emittedUpTo = sourceIndex;
    switch (event.type) {
      case "start": {
        const partial = this.rewritePartial(event.partial);
        out.push(partial === event.partial ? event : { ...event, partial });
        return;
      }
      case "done": {
        const message = this.rewriteFinal(event.message);
        const reason = event.reason === "stop" && message.stopReason === "toolUse" ? "toolUse" : event.reason;
        out.push(
          message === event.message && reason === event.reason ? event : { ...event, reason, message },
        );
        return;
      }
      case "error": {
        const error = this.rewriteFinal(event.error);
        out.push(error === event.error ? event : { ...event, error });
        return;
      }
      case "toolcall_start":
      case "toolcall_delta":
      case "toolcall_end": {
        const split = sourceIndex === undefined ? undefined : this.splits.get(sourceIndex);
        if (split && sourceIndex !== undefined) {
          this.emitSplit(sourceIndex, split, event.partial, out);
          return;
        }
        out.push(this.renumber(event));
        return;
      }
      default: {
        if (isReasoningEventType(event.type)) {
          const index = contentIndexOf(event);
          if (index !== undefined && !this.dropped.has(index)) {
            this.dropped.add(index);
            this.version++;
            this.addShift(index, -1);
          }
          return;
        }
        out.push(this.renumber(event));
      }
    }
  }

  /** The replacement start/delta/end triples, once per split call, in place of the original's events. */
  private emitSplit(
    index: number,
    split: ToolCall[],
    partial: AssistantMessage | undefined,
    out: Event[],
  ): void {
    if (this.emitted.has(index)) return;
    this.emitted.add(index);
    const base = this.mapIndex(index);
    split.forEach((toolCall, n) => {
      const contentIndex = base + n;
      // OpenClaw always sends a snapshot with tool-call events; without one, none is invented.
      const snapshot = (
        partial === undefined ? {} : { partial: this.rewritePartial(partial, { index, count: n + 1 }) }
      ) as {
        partial: AssistantMessage;
      };
      out.push(
        { type: "toolcall_start", contentIndex, ...snapshot },
        { type: "toolcall_delta", contentIndex, delta: argumentsJson(toolCall), ...snapshot },
        { type: "toolcall_end", contentIndex, toolCall, ...snapshot },
      );
    });
  }

  /** The event with its content index and snapshot rewritten; the same object when neither changes. */
  private renumber(event: Event): Event {
    const index = contentIndexOf(event);
    const partial = (event as { partial?: AssistantMessage }).partial;
    const contentIndex = index === undefined ? undefined : this.mapIndex(index);
    const rewritten = partial === undefined ? undefined : this.rewritePartial(partial);
    if (contentIndex === index && rewritten === partial) return event;
    const copy: Record<string, unknown> = { ...event };
    if (contentIndex !== undefined) copy.contentIndex = contentIndex;
    if (rewritten !== undefined) copy.partial = rewritten;
    return copy as Event;
  }
}

function needsRewrite(message: AssistantMessage): boolean {
  if (hasReasoningFields(message)) return true;
  const content: readonly AssistantContentBlock[] | undefined = message.content;
  if (!Array.isArray(content)) return false;
  for (let i = 0; i < content.length; i++) {
    if (isReasoningBlock(content[i])) return true;
  }
  return false;
}

/** Rewrites a complete list of events (tests, replays). */
export function rewriteEvents(events: Iterable<Event>): Event[] {
  const rewriter = new StreamRewriter();
  const out: Event[] = [];
  for (const event of events) rewriter.push(event, out);
  rewriter.end(out);
  return out;
}
