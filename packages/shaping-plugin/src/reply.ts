/**
 * The reply side of the plugin config, as a plan for the shared stream rewriter: the transforms run in a fixed
 * order (reasoning tags first, then tool calls written as text), each only where its effect was declared.
 */
import type { ShapingConfig } from "@model-setup/manifest";
import {
  chainTextShapers,
  type OfferedTools,
  type ReplyPlan,
  reasoningTags,
  type TextShaperFactory,
  textToolCalls,
} from "@model-setup/reply-shaping";

type Reply = NonNullable<ShapingConfig["reply"]>;

/** The text shaper a reply config describes; undefined when it shapes no text. */
export function textShaperOf(reply: Reply | undefined): TextShaperFactory | undefined {
  const shapers: TextShaperFactory[] = [];
  if (reply?.reasoningTags) shapers.push(reasoningTags(reply.reasoningTags.tags));
  if (reply?.textToolCalls) shapers.push(textToolCalls(reply.textToolCalls));
  return chainTextShapers(shapers);
}

/** The plan for one stream call, given the tools its request offers. */
export function replyPlanOf(text: TextShaperFactory, offeredTools: OfferedTools): ReplyPlan {
  return { text, offeredTools, callIdPrefix: "call_text" };
}
