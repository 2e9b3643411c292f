/**
 * Rewriting a whole assistant message: reasoning blocks and fields removed, splittable exec calls expanded.
 */
import type { AssistantContentBlock, AssistantMessage } from "@model-setup/openclaw-plugin-api";
import { CallIds } from "./call-ids.js";
import { hasReasoningFields, isReasoningBlock, withoutReasoningFields } from "./reasoning.js";
import { isToolCall } from "./split.js";

/**
 * What replaces the block at `index`: undefined keeps it, an array replaces it (empty removes it).
 */
export type ExpandBlock = (
  block: AssistantContentBlock,
  index: number,
) => readonly AssistantContentBlock[] | undefined;

/**
 * The expansion for a message seen whole: drop reasoning blocks, split exec calls. Every id in the message is
 * known up front, so no split ever takes an id another call carries.
 */
export function expandWhole(message: AssistantMessage): ExpandBlock {
  const ids = new CallIds();
  if (Array.isArray(message.content)) for (const block of message.content) ids.note(block);
  return (block) => {
    if (isReasoningBlock(block)) return [];
    return isToolCall(block) ? ids.replacement(block) : undefined;
  };
}

/**
 * The message with every block expanded. Returns the very same object when nothing changes, so untouched
 * messages pass through byte for byte. A `stop` stop reason becomes `toolUse` when a tool call was split.
 */
export function rewriteAssistantMessage(
  message: AssistantMessage,
  expand: ExpandBlock = expandWhole(message),
): AssistantMessage {
  const source = message.content;
  let content: AssistantContentBlock[] | undefined;
  let split = false;
  if (Array.isArray(source)) {
    for (let index = 0; index < source.length; index++) {
      const block = source[index] as AssistantContentBlock;
      const replacement = expand(block, index);
      if (replacement === undefined) {
        content?.push(block);
        continue;
      }
      content ??= source.slice(0, index);
      content.push(...replacement);
      if (replacement.length > 0 && isToolCall(block)) split = true;
    }
  }
  if (content === undefined && !hasReasoningFields(message)) return message;
  const rewritten = withoutReasoningFields({ ...message });
  if (content !== undefined) rewritten.content = content;
  if (split && rewritten.stopReason === "stop") rewritten.stopReason = "toolUse";
  return rewritten;
}
