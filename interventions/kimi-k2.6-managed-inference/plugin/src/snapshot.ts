/**
 * The rewritten counterpart of a source snapshot (`partial`). OpenClaw's adapters keep one snapshot object per
 * message and append to its content as blocks stream in; the view is kept the same way: one object per source
 * snapshot, its content extended in place as far as the rewriting has decided about the blocks. Keeping it in step
 * therefore costs each block once, however many calls a message splits.
 */
import type { AssistantContentBlock, AssistantMessage } from "@model-setup/openclaw-plugin-api";
import { REASONING_MESSAGE_FIELDS } from "./reasoning.js";
import { isToolCall } from "./split.js";

/** Returned by an expansion for a block whose replacement is not known yet: the view stops before it. */
export const UNDECIDED = Symbol("undecided");

/** What replaces the block at `index`: undefined keeps it, an array replaces it (empty removes it). */
export type SnapshotExpansion = (
  block: AssistantContentBlock,
  index: number,
) => readonly AssistantContentBlock[] | undefined | typeof UNDECIDED;

export class SnapshotView {
  private content: unknown;
  private blocks: AssistantContentBlock[] = [];
  /** Source blocks already expanded into `blocks`. */
  private consumed = 0;
  private split = false;
  private source: AssistantMessage | undefined;
  private view: AssistantMessage | undefined;

  constructor(private readonly expand: SnapshotExpansion) {}

  /** The view of `partial` as far as decided: the same object for the same source snapshot. */
  of(partial: AssistantMessage): AssistantMessage {
    const content: unknown = partial.content;
    if (content !== this.content) {
      this.content = content;
      this.blocks = [];
      this.consumed = 0;
      this.split = false;
      this.source = undefined;
    }
    if (Array.isArray(content)) this.extend(content as AssistantContentBlock[]);
    let view = this.view;
    if (partial !== this.source || view === undefined) {
      view = { ...partial };
      this.source = partial;
      this.view = view;
    } else {
      // The adapter updates the snapshot's own fields (usage, stop reason) in place; follow them.
      Object.assign(view, partial);
    }
    for (const field of REASONING_MESSAGE_FIELDS) delete (view as unknown as Record<string, unknown>)[field];
    if (Array.isArray(content)) view.content = this.blocks;
    if (this.split && view.stopReason === "stop") view.stopReason = "toolUse";
    return view;
  }

  private extend(content: readonly AssistantContentBlock[]): void {
    while (this.consumed < content.length) {
      const block = content[this.consumed] as AssistantContentBlock;
      const replacement = this.expand(block, this.consumed);
      if (replacement === UNDECIDED) return;
      if (replacement === undefined) this.blocks.push(block);
      else {
        this.blocks.push(...replacement);
        if (replacement.length > 0 && isToolCall(block)) this.split = true;
      }
      this.consumed++;
    }
  }
}
