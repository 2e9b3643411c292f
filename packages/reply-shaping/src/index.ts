export { CallIds, isToolCall } from "./call-ids.js";
export {
  chainTextShapers,
  joinPieces,
  type OfferedTools,
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
export { type EventSource, offeredTools, rewriteStream, wrapStreamFn } from "./stream.js";
export { jsonCall, xmlFunctionCall } from "./text/call-bodies.js";
export { textToolCalls } from "./text/formats.js";
export { reasoningTags } from "./text/reasoning-tags.js";
export { MAX_CALL_BLOCK, type TaggedCallFormat, taggedCalls } from "./text/tagged-calls.js";
