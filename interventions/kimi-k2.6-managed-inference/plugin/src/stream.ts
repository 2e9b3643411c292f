/**
 * Stream rewriting: the exec split and the reasoning strip applied to an assistant message event stream so
 * that the events, their `partial` snapshots, the `done`/`error` message and `result()` all agree.
 *
 * Why the events matter: OpenClaw core accumulates `toolcall_delta` JSON per `contentIndex` and overwrites the
 * final message's arguments with it. Rewriting only the final message would run the first split call with the
 * original combined command. So a tool call's events are held from `toolcall_start` until its `toolcall_end`
 * (its arguments are only known then) and are replayed either unchanged or as one start/delta/end triple per
 * split call. Content indices after a split or a removed reasoning block shift; every later event, snapshot
 * and the final message are renumbered the same way. Streams without tool calls or reasoning take a fast path
 * that hands each event through as the same object.
 */
import type {
  AnyAgentTool,
  AssistantMessage,
  AssistantMessageEvent,
  AssistantMessageEventStreamLike,
  Context,
  StreamFn,
} from "@model-setup/openclaw-plugin-api";
import { StreamRewriter } from "./rewriter.js";
import { normalizeToolSchemas } from "./schemas.js";

export { rewriteEvents, StreamRewriter } from "./rewriter.js";

type Event = AssistantMessageEvent;

/** What a stream function may hand back: OpenClaw's stream, any async iterable, or a plain array of events. */
export type EventSource = (AsyncIterable<Event> | Iterable<Event>) & {
  result?: () => Promise<AssistantMessage>;
};

type SourceIterator = AsyncIterator<Event> | Iterator<Event>;

function openSource(source: EventSource): SourceIterator {
  if (Symbol.asyncIterator in source) return (source as AsyncIterable<Event>)[Symbol.asyncIterator]();
  return (source as Iterable<Event>)[Symbol.iterator]();
}

class RewritingIterator implements AsyncIterator<Event> {
  private readonly queue: Event[] = [];
  private head = 0;
  private finished = false;

  constructor(
    private readonly source: SourceIterator,
    private readonly rewriter: StreamRewriter,
    private readonly onTerminal: (event: Event) => void,
  ) {}

  /** Not `async`: an event that needs no rewriting costs one `then` on the source's promise, nothing more. */
  next(): Promise<IteratorResult<Event>> {
    if (this.head < this.queue.length) return Promise.resolve(this.take());
    if (this.finished) return Promise.resolve({ value: undefined, done: true });
    return Promise.resolve(this.source.next()).then(this.afterStep);
  }

  private readonly afterStep = (
    step: IteratorResult<Event>,
  ): IteratorResult<Event> | Promise<IteratorResult<Event>> => {
    if (step.done) {
      this.finished = true;
      this.rewriter.end(this.queue);
    } else {
      this.feed(step.value);
      // The usual case: the event went through as itself; hand back the source's own result object.
      if (this.queue.length === 1 && this.queue[0] === step.value) {
        this.queue.length = 0;
        return step;
      }
    }
    if (this.head < this.queue.length) return this.take();
    if (this.finished) return { value: undefined, done: true };
    return this.next();
  };

  private take(): IteratorResult<Event> {
    const value = this.queue[this.head++] as Event;
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    }
    return { value, done: false };
  }

  async return(value?: unknown): Promise<IteratorResult<Event>> {
    this.stop();
    if (typeof this.source.return === "function") await this.source.return(value);
    return { value: undefined, done: true };
  }

  async throw(error?: unknown): Promise<IteratorResult<Event>> {
    this.queue.length = 0;
    this.head = 0;
    if (typeof this.source.throw !== "function") {
      await this.return();
      throw error;
    }
    const step = await this.source.throw(error);
    if (step.done) {
      this.stop();
      return { value: undefined, done: true };
    }
    this.feed(step.value);
    return this.next();
  }

  private feed(event: Event): void {
    if (event.type === "done" || event.type === "error") this.onTerminal(event);
    this.rewriter.push(event, this.queue);
  }

  private stop(): void {
    this.finished = true;
    this.queue.length = 0;
    this.head = 0;
  }
}

/**
 * The rewritten view of one source stream. A plain mutable object on purpose: OpenClaw's own wrappers
 * replace `result` and `[Symbol.asyncIterator]` on the stream they are given.
 */
class RewrittenStream implements AssistantMessageEventStreamLike {
  private readonly rewriter = new StreamRewriter();
  private terminal: Promise<AssistantMessage> | undefined;
  private resolveTerminal: ((message: AssistantMessage) => void) | undefined;

  constructor(private readonly source: EventSource) {}

  [Symbol.asyncIterator](): AsyncIterator<Event> {
    return new RewritingIterator(openSource(this.source), this.rewriter, (event) =>
      this.reachedTerminal(event),
    );
  }

  private reachedTerminal(event: Event): void {
    const message = event.type === "done" ? event.message : event.type === "error" ? event.error : undefined;
    if (!message) return;
    this.terminalPromise();
    this.resolveTerminal?.(message);
  }

  /**
   * The final message, rewritten like the events. Delegates to the source's `result()`; a source without one
   * (a plain iterable) resolves with the message of the `done`/`error` event once iteration reaches it.
   */
  result(): Promise<AssistantMessage> {
    const source = this.source.result?.bind(this.source);
    const final = source ? source() : this.terminalPromise();
    return final.then((message) => this.rewriter.rewriteFinal(message));
  }

  private terminalPromise(): Promise<AssistantMessage> {
    this.terminal ??= new Promise((resolve) => {
      this.resolveTerminal = resolve;
    });
    return this.terminal;
  }
}

/** Wraps one source stream. */
export function rewriteStream(source: EventSource): AssistantMessageEventStreamLike {
  return new RewrittenStream(source);
}

function isPromiseLike<T>(value: unknown): value is PromiseLike<T> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

/**
 * A stream function whose streams are rewritten. Keeps the inner function's synchrony: a stream returned
 * directly is wrapped directly, a promised one is wrapped when it resolves.
 */
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
  return (model, context, options) => {
    const produced: unknown = inner(model, withNormalizedTools(context), options);
    if (isPromiseLike<EventSource>(produced)) return Promise.resolve(produced).then(rewriteStream);
    return rewriteStream(produced as EventSource);
  };
}
