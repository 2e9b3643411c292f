/**
 * The stateful core of reply shaping: feed it one assistant message stream's events in order and it appends the
 * rewritten events; it also gives the final message, rewritten the same way.
 *
 * Why events matter, not only the final message: OpenClaw core reads every event's `partial` snapshot as the
 * message so far and re-derives tool arguments from `toolcall_delta` events per content index, so a rewriting
 * that touched only the final message would run tools with arguments the rewriting removed.
 *
 * How agreement is kept: every block of the output gets its content index when it opens, in the order blocks open,
 * and the snapshots and the final message are built from the same output blocks. A source block that may still
 * turn into several output blocks (a tool call held until its arguments are complete, a text a shaper is reading)
 * holds back the events of every other block until it is settled, so no later block can take an index it needs.
 * While nothing is rewritten, events go through as the very same objects.
 */
import type {
  AssistantContentBlock,
  AssistantMessage,
  AssistantMessageEvent,
  ToolCall,
} from "@model-setup/openclaw-plugin-api";
import { CallIds, isToolCall } from "./call-ids.js";
import type { OfferedTools, Piece, TextShaper, TextShaperFactory } from "./pieces.js";
import {
  hasReasoningFields,
  isReasoningBlock,
  isReasoningEventType,
  REASONING_MESSAGE_FIELDS,
} from "./reasoning.js";

type Event = AssistantMessageEvent;
type Kind = "text" | "thinking" | "toolCall";

/** What a route's reply shaping does, per message. Every part is optional; an empty plan changes nothing. */
export interface ReplyPlan {
  /** The shaper each text block goes through (answer text, reasoning and tool calls written as text). */
  text?: TextShaperFactory;
  /** What replaces a complete tool call of the model's; undefined keeps it. */
  toolCall?: (call: ToolCall) => readonly ToolCall[] | undefined;
  /** Keeps reasoning (blocks, events, message fields) out of the reply. */
  dropReasoning?: boolean;
  /** The tools the request offered. */
  offeredTools?: OfferedTools;
  /** Ids of calls found in text are `<prefix>_<message>_<n>`. */
  callIdPrefix?: string;
}

/** One block of the output message. */
interface Slot {
  index: number;
  block: AssistantContentBlock;
  /** The source block it came from. */
  from: number;
  /** Set when the slot is the source block itself, unchanged: its object is the source's. */
  identity: boolean;
}

interface Source {
  kind: Kind;
  index: number;
  ended: boolean;
  slots: Slot[];
  /** Text only: the shaper, when the plan has one. */
  shaper?: TextShaper;
  /** Text and thinking: the output block receiving the pieces. */
  open?: Slot;
  sawDelta: boolean;
  /** Tool calls only: their events, held until the call's fate is known; undefined when it streams through. */
  held?: Event[];
  /** Thinking only: left out of the reply. */
  dropped: boolean;
}

function kindOf(type: string): Kind | undefined {
  if (type.startsWith("text_")) return "text";
  if (isReasoningEventType(type)) return "thinking";
  if (type.startsWith("toolcall_")) return "toolCall";
  return undefined;
}

/** The event's content index when it is a usable one (a non-negative integer); anything else is none. */
function contentIndexOf(event: Event): number | undefined {
  const index = (event as { contentIndex?: unknown }).contentIndex;
  return typeof index === "number" && Number.isSafeInteger(index) && index >= 0 ? index : undefined;
}

function partialOf(event: Event | undefined): AssistantMessage | undefined {
  const partial = (event as { partial?: unknown } | undefined)?.partial;
  return typeof partial === "object" && partial !== null ? (partial as AssistantMessage) : undefined;
}

/** The JSON text of a tool call's arguments, as a `toolcall_delta` carries it. */
export function argumentsJson(call: ToolCall): string {
  const args: unknown = call.arguments;
  return typeof args === "string" ? args : JSON.stringify(args);
}

/** A short, stable tag of the message, so ids made for calls in text differ between the replies of a session. */
function messageTag(partial: AssistantMessage | undefined): string {
  const stamp = partial?.timestamp;
  return typeof stamp === "number" && Number.isSafeInteger(stamp) && stamp >= 0 ? stamp.toString(36) : "0";
}

/** The events an adapter would emit for a whole block: the same path as a streamed one. */
function blockEvents(block: AssistantContentBlock, contentIndex: number, partial: AssistantMessage): Event[] {
  if (block.type === "text") {
    return [
      { type: "text_start", contentIndex, partial },
      { type: "text_delta", contentIndex, delta: block.text, partial },
      { type: "text_end", contentIndex, content: block.text, partial },
    ];
  }
  if (block.type === "thinking") {
    return [
      { type: "thinking_start", contentIndex, partial },
      { type: "thinking_delta", contentIndex, delta: block.thinking, partial },
      { type: "thinking_end", contentIndex, content: block.thinking, partial },
    ];
  }
  if (isToolCall(block)) {
    return [
      { type: "toolcall_start", contentIndex, partial },
      { type: "toolcall_delta", contentIndex, delta: argumentsJson(block), partial },
      { type: "toolcall_end", contentIndex, toolCall: block, partial },
    ];
  }
  return [];
}

export class ReplyRewriter {
  private readonly sources = new Map<number, Source>();
  private readonly slots: Slot[] = [];
  /** The output content: the snapshots' `content`, one array extended as blocks open. */
  private readonly content: AssistantContentBlock[] = [];
  private readonly ids = new CallIds();
  /** The source block every other block's events wait for. */
  private pending: Source | undefined;
  private queue: Event[] = [];
  private view: AssistantMessage | undefined;
  private lastPartial: AssistantMessage | undefined;
  /** The output no longer mirrors the source one to one: events need the rewritten snapshot. */
  private rewriting = false;
  /** A tool call the model did not make as such is in the output: `stop` becomes `toolUse`. */
  private madeCalls = false;
  private reasoningSeen = false;
  /** An event no block can be found for arrived: from then on everything passes as it is. */
  private opaque = false;
  /** After an `error` the model's calls stay as they are. */
  private failed = false;
  private terminal = false;
  private readonly finals = new WeakMap<AssistantMessage, AssistantMessage>();

  constructor(private readonly plan: ReplyPlan) {}

  /** Feeds one source event; the rewritten events are appended to `out`. */
  push(event: Event, out: Event[]): void {
    const partial = partialOf(event);
    if (partial) this.lastPartial = partial;
    if (this.terminal) {
      out.push(event);
      return;
    }
    if (event.type === "done" || event.type === "error") {
      this.finish(event, out);
      return;
    }
    const kind = kindOf(event.type);
    if (kind === undefined) {
      if (this.pending) this.queue.push(event);
      else out.push(event.type === "start" ? this.reissued(event, undefined) : event);
      return;
    }
    const index = contentIndexOf(event);
    if (index === undefined || this.opaque) {
      this.becomeOpaque(out);
      out.push(event);
      return;
    }
    if (this.pending && this.pending.index !== index) {
      this.queue.push(event);
      return;
    }
    const source = this.sources.get(index) ?? this.openSource(kind, index);
    if (source.kind !== kind) {
      this.becomeOpaque(out);
      out.push(event);
      return;
    }
    if (source.ended) {
      // Late events of a settled block: only a block that went out as itself can still take them.
      if (source.slots.length === 1 && source.slots[0]?.identity) this.passThrough(source, event, out);
      return;
    }
    if (source.kind === "text") this.onText(source, event, out);
    else if (source.kind === "thinking") this.onThinking(source, event, out);
    else this.onToolCall(source, event, out);
  }

  /** The source ended without a `done` or `error`: what is held goes out, calls stay as they are. */
  end(out: Event[]): void {
    if (this.terminal) return;
    this.failed = true;
    this.settle(undefined, out);
  }

  /** The final message, rewritten as the events were (the same object for the same message). */
  finalMessage(message: AssistantMessage): AssistantMessage {
    const cached = this.finals.get(message);
    if (cached) return cached;
    if (!this.terminal) this.complete(message, []);
    return this.assemble(message);
  }

  private openSource(kind: Kind, index: number): Source {
    const source: Source = { kind, index, ended: false, slots: [], sawDelta: false, dropped: false };
    this.sources.set(index, source);
    if (kind === "text" && this.plan.text) {
      source.shaper = this.plan.text({
        offeredTools: this.plan.offeredTools ?? new Map(),
        afterReasoning: this.reasoningSeen,
      });
    }
    if (kind === "thinking") {
      this.reasoningSeen = true;
      source.dropped = this.plan.dropReasoning === true;
      if (source.dropped) this.rewriting = true;
    }
    if (kind === "toolCall" && (this.plan.toolCall || this.ids.madeAny)) source.held = [];
    return source;
  }

  private onText(source: Source, event: Event, out: Event[]): void {
    const shaper = source.shaper;
    if (!shaper) {
      this.passThrough(source, event, out);
      if (event.type === "text_end") this.endSource(source, out);
      return;
    }
    this.pending = source;
    if (event.type === "text_delta") {
      source.sawDelta = true;
      this.emitPieces(source, shaper.push(event.delta), out);
    } else if (event.type === "text_end") {
      if (!source.sawDelta && event.content) this.emitPieces(source, shaper.push(event.content), out);
      this.endText(source, out);
    }
  }

  private endText(source: Source, out: Event[]): void {
    this.emitPieces(source, (source.shaper as TextShaper).end(), out);
    this.closeOpen(source, out);
    this.endSource(source, out);
  }

  private onThinking(source: Source, event: Event, out: Event[]): void {
    if (!source.dropped) this.passThrough(source, event, out);
    if (event.type === "thinking_end") this.endSource(source, out);
  }

  private onToolCall(source: Source, event: Event, out: Event[]): void {
    this.noteIds(partialOf(event));
    if (!source.held) {
      this.passThrough(source, event, out);
      if (event.type === "toolcall_end") {
        this.ids.note(event.toolCall);
        this.endSource(source, out);
      }
      return;
    }
    this.pending = source;
    source.held.push(event);
    if (event.type === "toolcall_end") {
      this.decide(
        source,
        isToolCall(event.toolCall) ? event.toolCall : partialOf(event)?.content?.[source.index],
      );
      this.releaseDecided(source, out);
    }
  }

  /** The call's fate: split (or otherwise replaced), renamed, or kept; settled once. */
  private decided = new Map<Source, readonly ToolCall[] | undefined>();

  private decide(source: Source, call: unknown): void {
    if (this.decided.has(source)) return;
    if (!isToolCall(call)) {
      this.decided.set(source, undefined);
      return;
    }
    const subject = this.ids.claim(call);
    const replacement = this.failed ? undefined : this.plan.toolCall?.(subject);
    if (replacement && this.ids.accept(replacement)) {
      this.madeCalls = true;
      this.decided.set(source, replacement);
    } else this.decided.set(source, subject === call ? undefined : [subject]);
  }

  private releaseDecided(source: Source, out: Event[]): void {
    const held = source.held ?? [];
    source.held = undefined;
    const replacement = this.decided.get(source);
    if (replacement) this.emitCalls(source, replacement, out);
    else for (const event of held) this.passThrough(source, event, out);
    this.endSource(source, out);
  }

  /** The source block goes out as itself, at its output index. */
  private passThrough(source: Source, event: Event, out: Event[]): void {
    const partial = partialOf(event);
    const live = partial?.content?.[source.index];
    let slot = source.slots[0];
    if (!slot) {
      slot = this.addSlot(live ?? this.placeholder(source.kind), source.index, true);
      source.slots.push(slot);
    } else if (live && slot.identity) {
      slot.block = live;
      this.content[slot.index] = live;
    }
    if (!this.rewriting && this.mirrors(partial)) out.push(event);
    else out.push(this.reissued(event, slot.index));
  }

  private placeholder(kind: Kind): AssistantContentBlock {
    if (kind === "text") return { type: "text", text: "" };
    if (kind === "thinking") return { type: "thinking", thinking: "" };
    return { type: "toolCall", id: "", name: "", arguments: {} };
  }

  /** Whether the source snapshot can be handed on as it is (nothing of it needs rewriting). */
  private mirrors(partial: AssistantMessage | undefined): boolean {
    if (!partial || !this.plan.dropReasoning) return true;
    return !hasReasoningFields(partial) && !this.hasReasoningBlock(partial);
  }

  /** Content arrays found free of reasoning blocks, and how far (adapters only append). */
  private cleanContent: unknown;
  private cleanLength = 0;

  private hasReasoningBlock(partial: AssistantMessage): boolean {
    const content: unknown = partial.content;
    if (!Array.isArray(content)) return false;
    if (content !== this.cleanContent) {
      this.cleanContent = content;
      this.cleanLength = 0;
    }
    for (; this.cleanLength < content.length; this.cleanLength++) {
      if (isReasoningBlock(content[this.cleanLength])) return true;
    }
    return false;
  }

  private addSlot(block: AssistantContentBlock, from: number, identity: boolean): Slot {
    const slot: Slot = { index: this.slots.length, block, from, identity };
    if (!identity || slot.index !== from) this.rewriting = true;
    this.slots.push(slot);
    this.content.push(block);
    return slot;
  }

  private emitPieces(source: Source, pieces: readonly Piece[], out: Event[]): void {
    for (const piece of pieces) {
      if (piece.type === "toolCall") {
        this.closeOpen(source, out);
        const prefix = `${this.plan.callIdPrefix ?? "call_text"}_${messageTag(this.lastPartial)}`;
        const call: ToolCall = {
          type: "toolCall",
          id: this.ids.mint(prefix),
          name: piece.name,
          arguments: piece.arguments,
        };
        this.madeCalls = true;
        this.emitCalls(source, [call], out);
        continue;
      }
      if (piece.type === "text" && piece.text === "") continue;
      if (piece.type === "thinking") {
        this.reasoningSeen = true;
        if (this.plan.dropReasoning) continue;
      }
      const blockType = piece.type;
      let slot = source.open;
      if (!slot || slot.block.type !== blockType) {
        this.closeOpen(source, out);
        const block: AssistantContentBlock =
          blockType === "text" ? { type: "text", text: "" } : { type: "thinking", thinking: "" };
        slot = this.addSlot(block, source.index, false);
        source.slots.push(slot);
        source.open = slot;
        out.push({ type: `${blockType}_start`, contentIndex: slot.index, partial: this.syncView() });
      }
      if (piece.text === "") continue;
      if (slot.block.type === "text") slot.block.text += piece.text;
      else if (slot.block.type === "thinking") slot.block.thinking += piece.text;
      out.push({
        type: `${blockType}_delta`,
        contentIndex: slot.index,
        delta: piece.text,
        partial: this.syncView(),
      });
    }
  }

  private closeOpen(source: Source, out: Event[]): void {
    const slot = source.open;
    if (!slot) return;
    source.open = undefined;
    const partial = this.syncView();
    if (slot.block.type === "text") {
      out.push({ type: "text_end", contentIndex: slot.index, content: slot.block.text, partial });
    } else if (slot.block.type === "thinking") {
      out.push({ type: "thinking_end", contentIndex: slot.index, content: slot.block.thinking, partial });
    }
  }

  /** One start/delta/end triple per call, each at an index of its own. */
  private emitCalls(source: Source, calls: readonly ToolCall[], out: Event[]): void {
    for (const toolCall of calls) {
      const slot = this.addSlot(toolCall, source.index, false);
      source.slots.push(slot);
      const partial = this.syncView();
      const contentIndex = slot.index;
      out.push(
        { type: "toolcall_start", contentIndex, partial },
        { type: "toolcall_delta", contentIndex, delta: argumentsJson(toolCall), partial },
        { type: "toolcall_end", contentIndex, toolCall, partial },
      );
    }
  }

  private endSource(source: Source, out: Event[]): void {
    source.ended = true;
    if (this.pending !== source) return;
    this.pending = undefined;
    const queued = this.queue;
    this.queue = [];
    for (const event of queued) this.push(event, out);
  }

  /** Every pending block settled (a call from the message, when complete; as it is, when not). */
  private settle(message: AssistantMessage | undefined, out: Event[]): void {
    while (this.pending) {
      const source = this.pending;
      if (source.kind === "toolCall") {
        this.decide(source, message?.content?.[source.index]);
        this.releaseDecided(source, out);
      } else this.endText(source, out);
    }
  }

  /** Settles what is open and brings in the message's blocks no event showed, in order. */
  private complete(message: AssistantMessage, out: Event[]): void {
    if (this.opaque) return;
    this.settle(this.failed ? undefined : message, out);
    const content: unknown = message.content;
    if (!Array.isArray(content)) return;
    content.forEach((block: AssistantContentBlock, index) => {
      if (this.sources.has(index)) return;
      for (const event of blockEvents(block, index, message)) this.push(event, out);
    });
  }

  private finish(event: Extract<Event, { type: "done" | "error" }>, out: Event[]): void {
    const message = event.type === "done" ? event.message : event.error;
    if (event.type === "error") this.failed = true;
    this.complete(message, out);
    this.terminal = true;
    const final = this.assemble(message);
    if (event.type === "error") {
      out.push(final === message ? event : { ...event, error: final });
      return;
    }
    const reason = event.reason === "stop" && final.stopReason === "toolUse" ? "toolUse" : event.reason;
    out.push(final === message && reason === event.reason ? event : { ...event, reason, message: final });
  }

  /** The final message from the output blocks; the message itself when they are exactly its blocks. */
  private assemble(message: AssistantMessage): AssistantMessage {
    const cached = this.finals.get(message);
    if (cached) return cached;
    const source: unknown = message.content;
    const blocks: readonly AssistantContentBlock[] = Array.isArray(source) ? source : [];
    const content = this.slots.map((slot) => this.finalBlock(slot, blocks));
    // Only an opaque stream leaves blocks unseen; they keep their place after what was seen.
    if (this.opaque) {
      for (const [index, block] of blocks.entries()) if (!this.sources.has(index)) content.push(block);
    }
    const sameContent =
      Array.isArray(source) &&
      content.length === blocks.length &&
      content.every((block, index) => block === blocks[index]);
    const dropFields = this.plan.dropReasoning === true && hasReasoningFields(message);
    const promote = this.madeCalls && message.stopReason === "stop";
    let final = message;
    if (!sameContent || dropFields || promote) {
      final = { ...message, content };
      if (dropFields) for (const field of REASONING_MESSAGE_FIELDS) delete (final as never)[field];
      if (promote) final.stopReason = "toolUse";
    }
    this.finals.set(message, final);
    return final;
  }

  /** A slot's block in the final message: the message's own object wherever the slot is that block unchanged. */
  private finalBlock(slot: Slot, blocks: readonly AssistantContentBlock[]): AssistantContentBlock {
    const original = blocks[slot.from];
    if (slot.identity) return original ?? slot.block;
    const source = this.sources.get(slot.from);
    const unchangedText =
      original?.type === "text" &&
      slot.block.type === "text" &&
      source?.slots.length === 1 &&
      slot.block.text === original.text;
    return unchangedText ? original : slot.block;
  }

  /** The rewritten snapshot: the latest source snapshot's fields over the output content. One object per stream. */
  private syncView(): AssistantMessage {
    const partial = this.lastPartial;
    this.view ??= { ...(partial ?? {}) } as AssistantMessage;
    const view = this.view;
    if (partial) Object.assign(view, partial);
    view.content = this.content;
    if (this.plan.dropReasoning && hasReasoningFields(view)) {
      for (const field of REASONING_MESSAGE_FIELDS) delete (view as never)[field];
    }
    if (this.madeCalls && view.stopReason === "stop") view.stopReason = "toolUse";
    return view;
  }

  /** The event at its output index, with the rewritten snapshot; the same object when nothing changes. */
  private reissued(event: Event, contentIndex: number | undefined): Event {
    const partial = partialOf(event);
    const sameIndex = contentIndex === undefined || contentIndex === contentIndexOf(event);
    if (sameIndex && (!partial || (!this.rewriting && this.mirrors(partial)))) return event;
    const copy: Record<string, unknown> = { ...event };
    if (contentIndex !== undefined) copy.contentIndex = contentIndex;
    if (partial) copy.partial = this.syncView();
    return copy as Event;
  }

  /** An event that cannot be placed: whatever waits goes out first, then everything passes as it is. */
  private becomeOpaque(out: Event[]): void {
    if (this.opaque) return;
    this.failed = true;
    this.settle(undefined, out);
    this.opaque = true;
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
}

/** Rewrites a complete list of events (tests, replays). */
export function rewriteEvents(events: Iterable<Event>, plan: ReplyPlan): Event[] {
  const rewriter = new ReplyRewriter(plan);
  const out: Event[] = [];
  for (const event of events) rewriter.push(event, out);
  rewriter.end(out);
  return out;
}

/** Rewrites one whole message, exactly as streaming it would have. */
export function rewriteMessage(message: AssistantMessage, plan: ReplyPlan): AssistantMessage {
  return new ReplyRewriter(plan).finalMessage(message);
}
