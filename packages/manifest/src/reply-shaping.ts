/**
 * The reply-shaping effect `openclawReplyShaping`: what the shared shaping plugin does to a matched route's
 * replies before OpenClaw reads them. Data only, naming formats this project implements; no patterns, no code.
 */
import { z } from "zod";
import { REASONING_TAG_NAME, TEXT_TOOL_CALL_FORMATS } from "./reply-formats.js";

export const replyShapingSchema = z
  .strictObject({
    /** Reasoning the model writes into its answer between any of these tags moves into reasoning. */
    reasoningTags: z
      .strictObject({
        tags: z
          .array(
            z
              .string()
              .regex(
                REASONING_TAG_NAME,
                "is not a tag name: use letters, digits, _ and -, with an optional namespace, such as think or mm:think",
              ),
          )
          .min(1, "must name at least one tag, such as think")
          .max(4)
          .superRefine((tags, ctx) => {
            tags.forEach((tag, index) => {
              if (tags.indexOf(tag) !== index) {
                ctx.addIssue({ code: "custom", path: [index], message: `${tag} is listed twice` });
              }
            });
          }),
      })
      .optional(),
    /** Tool calls the model writes into its answer text in this format become real tool calls. */
    textToolCalls: z.enum(TEXT_TOOL_CALL_FORMATS).optional(),
  })
  .refine((shaping) => shaping.reasoningTags !== undefined || shaping.textToolCalls !== undefined, {
    message: "must hold reasoningTags or textToolCalls, or drop the effect",
  });
export type ReplyShaping = z.infer<typeof replyShapingSchema>;
