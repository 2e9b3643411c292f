/**
 * Tool-call ids within one assistant message. OpenClaw pairs every tool result with its call by id, so an id the
 * rewriting makes up (a split call's, a call found in text) must never meet another call's id: made-up ids are
 * taken only when free, and a model's call that turns up later carrying an id already made up is renamed.
 */
import type { ToolCall } from "@model-setup/openclaw-plugin-api";

export function isToolCall(block: unknown): block is ToolCall {
  return typeof block === "object" && block !== null && (block as { type?: unknown }).type === "toolCall";
}

/** OpenClaw sends ids to OpenAI-compatible endpoints with everything but letters and digits removed. */
const wireForm = (id: string): string => id.replace(/[^A-Za-z0-9]/g, "");

export class CallIds {
  /** Ids the message's own calls carry, as far as seen, in wire form too. */
  private readonly taken = new Set<string>();
  /** Ids this rewriting made up, in wire form too. */
  private readonly produced = new Set<string>();
  private minted = 0;

  /** Records the id of a block that is a tool call; anything else is ignored. */
  note(block: unknown): void {
    if (isToolCall(block) && typeof block.id === "string") {
      this.taken.add(block.id);
      this.taken.add(wireForm(block.id));
    }
  }

  get madeAny(): boolean {
    return this.produced.size > 0;
  }

  isFree(id: string): boolean {
    const wire = wireForm(id);
    return !this.taken.has(id) && !this.taken.has(wire) && !this.produced.has(id) && !this.produced.has(wire);
  }

  /** The call as it may stay: itself, or renamed when it carries an id the rewriting already made up. */
  claim(call: ToolCall): ToolCall {
    const id: unknown = call.id;
    if (typeof id !== "string" || !this.produced.has(id)) {
      this.note(call);
      return call;
    }
    let n = 2;
    while (!this.isFree(`${id}_${n}`)) n++;
    const fresh = `${id}_${n}`;
    this.record(fresh);
    return { ...call, id: fresh };
  }

  /** Takes the ids of calls a transform proposes when every one is free (and distinct); else takes none. */
  accept(calls: readonly ToolCall[]): boolean {
    const ids = calls.map((call) => call.id);
    if (new Set(ids.map(wireForm)).size !== ids.length || !ids.every((id) => this.isFree(id))) return false;
    for (const id of ids) this.record(id);
    return true;
  }

  /** A fresh id `<prefix>_<n>` (n from 1), free in raw and wire form. */
  mint(prefix: string): string {
    let id: string;
    do id = `${prefix}_${++this.minted}`;
    while (!this.isFree(id));
    this.record(id);
    return id;
  }

  private record(id: string): void {
    this.produced.add(id);
    this.produced.add(wireForm(id));
  }
}
