/**
 * Tool-call ids within one assistant message. OpenClaw pairs every tool result with its call by id, so the ids
 * the split makes up must never meet another call's id: a split is made only when none of its ids is taken, and a
 * call that turns up later carrying an id a split already used (the split could not know it yet) is renamed.
 */
import type { ToolCall } from "@model-setup/openclaw-plugin-api";
import { isToolCall, splitExecToolCall } from "./split.js";

export class CallIds {
  /** Ids the message's own calls carry, as far as seen. */
  private readonly taken = new Set<string>();
  /** Ids this rewriting made up (split calls, renamed calls). */
  private readonly produced = new Set<string>();

  /** Records the id of a block that is a tool call; anything else is ignored. */
  note(block: unknown): void {
    if (isToolCall(block) && typeof block.id === "string") this.taken.add(block.id);
  }

  /**
   * What replaces a call: its split calls, itself renamed (its id was already used by a split), or undefined
   * when it stays as it is.
   */
  replacement(call: ToolCall): ToolCall[] | undefined {
    const id: unknown = call.id;
    const subject = typeof id === "string" && this.produced.has(id) ? this.renamed(call, id) : call;
    if (subject === call) this.note(call);
    const split = splitExecToolCall(subject);
    if (split?.every((part) => this.isFree(part.id))) {
      for (const part of split) this.produced.add(part.id);
      return split;
    }
    return subject === call ? undefined : [subject];
  }

  private isFree(id: string): boolean {
    return !this.taken.has(id) && !this.produced.has(id);
  }

  private renamed(call: ToolCall, id: string): ToolCall {
    let n = 2;
    while (!this.isFree(`${id}_${n}`)) n++;
    const fresh = `${id}_${n}`;
    this.produced.add(fresh);
    return { ...call, id: fresh };
  }
}
