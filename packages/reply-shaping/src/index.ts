export { CallIds, isToolCall } from "./call-ids.js";
export {
  chainTextShapers,
  joinPieces,
  type Piece,
  shapeText,
  type TextShaper,
  type TextShaperContext,
  type TextShaperFactory,
} from "./pieces.js";
export {
  hasReasoningFields,
  isReasoningBlock,
  isReasoningEventType,
  REASONING_MESSAGE_FIELDS,
  withoutReasoningFields,
} from "./reasoning.js";
export { argumentsJson, type ReplyPlan, ReplyRewriter, rewriteEvents, rewriteMessage } from "./rewriter.js";
export { type EventSource, offeredToolNames, rewriteStream, wrapStreamFn } from "./stream.js";
export { REASONING_TAG_NAME, reasoningTags } from "./text/reasoning-tags.js";
