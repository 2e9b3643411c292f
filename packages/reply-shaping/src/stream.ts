/**
 * The stream plumbing every reply-shaping plugin shares: a rewritten view of one OpenClaw assistant message stream
 * (iteration, `result()`, the iterator protocol), and a stream function whose streams are rewritten.
 */
import type {
  AssistantMessage,
  AssistantMessageEvent,
  AssistantMessageEventStreamLike,
  Context,
  StreamFn,
} from "@model-setup/openclaw-plugin-api";
import { type ReplyPlan, ReplyRewriter } from "./rewriter.js";

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
    private readonly rewriter: ReplyRewriter,
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
    this.rewriter.push(event, this.queue);
    if (event.type === "done" || event.type === "error") this.onTerminal(event);
  }

  private stop(): void {
    this.finished = true;
    this.queue.length = 0;
    this.head = 0;
  }
}

/**
 * The rewritten view of one source stream. A plain mutable object on purpose: OpenClaw's own wrappers replace
 * `result` and `[Symbol.asyncIterator]` on the stream they are given.
 */
class RewrittenStream implements AssistantMessageEventStreamLike {
  private readonly rewriter: ReplyRewriter;
  private terminal: Promise<AssistantMessage> | undefined;
  private resolveTerminal: ((message: AssistantMessage) => void) | undefined;

  constructor(
    private readonly source: EventSource,
    plan: ReplyPlan,
  ) {
    this.rewriter = new ReplyRewriter(plan);
  }

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
    return final.then((message) => this.rewriter.finalMessage(message));
  }

  private terminalPromise(): Promise<AssistantMessage> {
    this.terminal ??= new Promise((resolve) => {
      this.resolveTerminal = resolve;
    });
    return this.terminal;
  }
}

/** Wraps one source stream. */
export function rewriteStream(source: EventSource, plan: ReplyPlan): AssistantMessageEventStreamLike {
  return new RewrittenStream(source, plan);
}

function isPromiseLike<T>(value: unknown): value is PromiseLike<T> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

/** The tools a request offers (the stream call's context), by name, with their parameters' schemas. */
export function offeredTools(context: Context): Map<string, unknown> {
  const tools: unknown = context.tools;
  const offered = new Map<string, unknown>();
  if (!Array.isArray(tools)) return offered;
  for (const tool of tools) {
    const { name, parameters } = (tool ?? {}) as { name?: unknown; parameters?: unknown };
    if (typeof name === "string" && !offered.has(name)) offered.set(name, parameters);
  }
  return offered;
}

/**
 * A stream function whose streams are rewritten by the plan made for each call (from the context it is called
 * with), after `prepare` had its say on the context. Keeps the inner function's synchrony: a stream returned
 * directly is wrapped directly, a promised one when it resolves. A plan of undefined leaves the stream alone.
 */
export function wrapStreamFn(
  inner: StreamFn,
  planFor: (context: Context) => ReplyPlan | undefined,
  prepare: (context: Context) => Context = (context) => context,
): StreamFn {
  return (model, context, options) => {
    const prepared = prepare(context);
    const plan = planFor(prepared);
    const produced: unknown = inner(model, prepared, options);
    if (plan === undefined) return produced as ReturnType<StreamFn>;
    if (isPromiseLike<EventSource>(produced)) {
      return Promise.resolve(produced).then((source) => rewriteStream(source, plan));
    }
    return rewriteStream(produced as EventSource, plan);
  };
}
