/**
 * The reply-shaping effect `openclawReplyShaping`: what the shared shaping plugin does to a matched route's
 * replies before OpenClaw reads them. Data only, naming formats this project implements; no patterns, no code.
 */
import { z } from "zod";
import { REASONING_TAG_NAME, TEXT_TOOL_CALL_FORMATS } from "./reply-formats.js";

export const replyShapingSchema = z
  .strictObject({
    /** Reasoning the model writes into its answer between these tags moves into reasoning. */
    reasoningTags: z
      .strictObject({
        tag: z
          .string()
          .regex(REASONING_TAG_NAME, "is not a tag name: use letters, digits, _ and -, such as think"),
      })
      .optional(),
    /** Tool calls the model writes into its answer text in this format become real tool calls. */
    textToolCalls: z.enum(TEXT_TOOL_CALL_FORMATS).optional(),
  })
  .refine((shaping) => shaping.reasoningTags !== undefined || shaping.textToolCalls !== undefined, {
    message: "must hold reasoningTags or textToolCalls, or drop the effect",
  });
export type ReplyShaping = z.infer<typeof replyShapingSchema>;
