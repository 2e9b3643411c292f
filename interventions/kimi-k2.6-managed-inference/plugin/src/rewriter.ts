/**
 * The stateful core of the stream rewriting (see stream.ts for why events must be rewritten too): feed it a
 * stream's events in order, get the rewritten events; it also rewrites the final message consistently.
 */
import type { AssistantMessage, AssistantMessageEvent, ToolCall } from "@model-setup/openclaw-plugin-api";
import { CallIds } from "./call-ids.js";
import { IndexShifts } from "./index-shifts.js";
import { type ExpandBlock, rewriteAssistantMessage } from "./message.js";
import { hasReasoningFields, isReasoningBlock, isReasoningEventType } from "./reasoning.js";
import { type SnapshotExpansion, SnapshotView, UNDECIDED } from "./snapshot.js";
import { argumentsJson, isToolCall } from "./split.js";

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
  /** Source content index of a replaced tool call → the calls it became (several when split, one when renamed). */
  private readonly splits = new Map<number, ToolCall[]>();
  /** Tool-call indices whose fate is settled (replaced or kept). */
  private readonly settled = new Set<number>();
  /** Reasoning block indices (removed). */
  private readonly dropped = new Set<number>();
  private readonly shifts = new IndexShifts();
  private readonly ids = new CallIds();
  /** Replaced indices whose replacement events were already emitted. */
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
      // Some adapters end a message without a `toolcall_end` for its calls (OpenClaw 2026.7.1's
      // openai-completions): a `done` message holds them complete, so they are decided from it. After an error
      // a call may be cut off, and stays as it is.
      if (event.type === "done") this.settleOpenFrom(event.message);
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
    this.noteIds(message);
    const rewritten = rewriteAssistantMessage(message, this.expandFinal);
    this.finals.set(message, rewritten);
    return rewritten;
  }

  /** Blocks no event settled are decided here, once, and the decision stands for any later look. */
  private readonly expandFinal: ExpandBlock = (block, index) => {
    if (isReasoningBlock(block)) return [];
    if (!isToolCall(block)) return undefined;
    if (!this.settled.has(index)) this.decide(index, block);
    return this.splits.get(index);
  };

  private readonly expandSnapshot: SnapshotExpansion = (block, index) => {
    if (isReasoningBlock(block)) return [];
    if (!isToolCall(block)) return undefined;
    const replacement = this.splits.get(index);
    if (replacement) return replacement;
    return this.settled.has(index) || this.opaque || index < this.emittedUpTo ? undefined : UNDECIDED;
  };

  private readonly snapshots = new SnapshotView(this.expandSnapshot);

  private settle(event: Extract<Event, { type: "toolcall_end" }>, index: number): void {
    if (this.settled.has(index)) return;
    this.noteIds(event.partial);
    this.decide(index, isToolCall(event.toolCall) ? event.toolCall : event.partial?.content?.[index]);
  }

  /** Decides every call still open from the complete message, in content order. */
  private settleOpenFrom(message: AssistantMessage): void {
    if (this.open.size === 0) return;
    this.noteIds(message);
    const content: unknown = message.content;
    for (const index of [...this.open].sort((a, b) => a - b)) {
      if (!this.settled.has(index)) this.decide(index, Array.isArray(content) ? content[index] : undefined);
    }
  }

  private decide(index: number, call: unknown): void {
    this.settled.add(index);
    if (!isToolCall(call)) return;
    if (this.opaque || index < this.emittedUpTo) {
      this.ids.note(call);
      return;
    }
    const replacement = this.ids.replacement(call);
    if (!replacement) return;
    this.splits.set(index, replacement);
    if (replacement.length !== 1) this.shifts.add(index, replacement.length - 1);
  }

  /** The content array whose call ids were noted, and how far. Adapters only append, so each block counts once. */
  private idsContent: unknown;
  private idsNoted = 0;

  private noteIds(message: AssistantMessage | undefined): void {
    const content: unknown = message?.content;
    if (!Array.isArray(content)) return;
    if (content !== this.idsContent) {
      this.idsContent = content;
      this.idsNoted = 0;
    }
    for (; this.idsNoted < content.length; this.idsNoted++) this.ids.note(content[this.idsNoted]);
  }

  private release(out: Event[]): void {
    for (const index of this.open) this.settled.add(index);
    this.open.clear();
    const held = this.held;
    this.held = [];
    for (const event of held) this.emit(event, out);
  }

  private get rewriting(): boolean {
    return this.splits.size > 0 || this.dropped.size > 0;
  }

  /** The content array last found free of reasoning blocks, and up to where. */
  private cleanContent: unknown;
  private cleanLength = 0;

  private isClean(partial: AssistantMessage): boolean {
    if (hasReasoningFields(partial)) return false;
    const content: unknown = partial.content;
    if (!Array.isArray(content)) return true;
    if (content !== this.cleanContent) {
      this.cleanContent = content;
      this.cleanLength = 0;
    }
    for (; this.cleanLength < content.length; this.cleanLength++) {
      if (isReasoningBlock(content[this.cleanLength])) return false;
    }
    return true;
  }

  /** The snapshot as it should be seen: the source's own object while nothing in it needs rewriting. */
  private rewritePartial(partial: AssistantMessage): AssistantMessage {
    if (!this.rewriting && this.isClean(partial)) return partial;
    return this.snapshots.of(partial);
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
        const replacement = sourceIndex === undefined ? undefined : this.splits.get(sourceIndex);
        if (replacement && sourceIndex !== undefined) {
          this.emitReplacement(sourceIndex, replacement, event.partial, out);
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
            this.shifts.add(index, -1);
          }
          return;
        }
        out.push(this.renumber(event));
      }
    }
  }

  /** The replacement start/delta/end triples, once per replaced call, in place of the original's events. */
  private emitReplacement(
    index: number,
    replacement: ToolCall[],
    partial: AssistantMessage | undefined,
    out: Event[],
  ): void {
    if (this.emitted.has(index)) return;
    this.emitted.add(index);
    const base = this.shifts.map(index);
    // OpenClaw always sends a snapshot with tool-call events; without one, none is invented.
    const snapshot = (partial === undefined ? {} : { partial: this.rewritePartial(partial) }) as {
      partial: AssistantMessage;
    };
    replacement.forEach((toolCall, n) => {
      const contentIndex = base + n;
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
    const contentIndex = index === undefined ? undefined : this.shifts.map(index);
    const rewritten = partial === undefined ? undefined : this.rewritePartial(partial);
    if (contentIndex === index && rewritten === partial) return event;
    const copy: Record<string, unknown> = { ...event };
    if (contentIndex !== undefined) copy.contentIndex = contentIndex;
    if (rewritten !== undefined) copy.partial = rewritten;
    return copy as Event;
  }
}

/** Rewrites a complete list of events (tests, replays). */
export function rewriteEvents(events: Iterable<Event>): Event[] {
  const rewriter = new StreamRewriter();
  const out: Event[] = [];
  for (const event of events) rewriter.push(event, out);
  rewriter.end(out);
  return out;
}
