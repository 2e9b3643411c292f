/**
 * The request-shaping effect `openclawRequestBody`: fields an intervention sets in (or removes from) every
 * chat-completions request body of its route, and a system message it puts first in tool-less requests. Values are JSON data only (booleans, numbers, plain strings, null, and objects of those one
 * level deep): no code, no templates, no regular expressions.
 *
 * OpenClaw applies `set` from its own configuration (the model's `params`, measured on the wire on 2026.7.1,
 * 2026.8.2 and 2026.9.6): `chat_template_kwargs` is merged into the request's own `chat_template_kwargs`, every other
 * top-level field is added as is (`params.extra_body`). A top-level object other than `chat_template_kwargs` would
 * replace the request's own object instead of merging into it, so it is refused; so are the fields OpenClaw itself
 * manages (messages, tools, token limits, streaming).
 */
import { z } from "zod";
import { withoutPrototypeKeys } from "./openclaw-compat.js";
import { noShell } from "./strings.js";
import { isRecord } from "./values.js";

/** The one top-level object OpenClaw merges into the request's own; its keys are deep-merged. */
export const MERGED_BODY_OBJECT = "chat_template_kwargs";

/** Fields OpenClaw writes itself: an intervention changes them through compat or tools effects, never the body. */
export const MANAGED_BODY_FIELDS = [
  "max_completion_tokens",
  "max_tokens",
  "messages",
  "model",
  "parallel_tool_calls",
  "reasoning",
  "reasoning_effort",
  "store",
  "stream",
  "stream_options",
  "tool_choice",
  "tools",
] as const;

/** Field names are plain identifiers (checked in the refinement, so the message names the field). */
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const FIELD_NAME_MESSAGE = "is not a field name: use letters, digits and _ such as chat_template_kwargs";

const leaf = z.union([
  z.boolean(),
  z.number().finite(),
  z.null(),
  z.string().max(200).superRefine(noShell("a request body value")),
]);

const NOT_DATA =
  "must be a boolean, number, null, plain string, or (for chat_template_kwargs) an object of those";

const mergedObject = withoutPrototypeKeys(z.record(z.string(), leaf, { error: NOT_DATA }));

/** Two-character openings of template languages: a system message is text, never a template. */
const TEMPLATE_MARKERS = ["${", "{{", "{%", "<%", "`"] as const;

const systemMessageContent = z
  .string()
  .trim()
  .min(1, "must not be empty: write the instruction the model gets")
  .max(2000)
  .superRefine((value, ctx) => {
    const marker = TEMPLATE_MARKERS.find((m) => value.includes(m));
    if (marker !== undefined) {
      ctx.addIssue({
        code: "custom",
        message: `must be plain text, not a template or code (found ${JSON.stringify(marker)}): write the text as sent`,
      });
    }
  });

/** A tool's function name as offered in `tools[].function.name`; compared lower-cased. */
const toolName = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/,
    "is not a tool name: use the function name as offered, such as exec (no patterns or regular expressions)",
  );

/**
 * A system message put first when the request has no system (or developer) message anywhere and offers none of
 * `unlessToolsOffered`; a caller's own system message always wins.
 */
export const insertSystemMessageSchema = z.strictObject({
  content: systemMessageContent,
  unlessToolsOffered: z
    .array(toolName)
    .min(1, "must name at least one tool: with none, say which tools make the message unnecessary")
    .superRefine((names, ctx) => {
      const seen = new Set<string>();
      names.forEach((name, index) => {
        if (seen.has(name.toLowerCase())) {
          ctx.addIssue({
            code: "custom",
            path: [index],
            message: `tool ${name} is listed twice (names compare lower-cased)`,
          });
        }
        seen.add(name.toLowerCase());
      });
    }),
});
export type InsertSystemMessage = z.infer<typeof insertSystemMessageSchema>;

/** A top-level request-body field name (what `remove` lists). */
export const bodyFieldName = z.string().regex(FIELD_NAME, FIELD_NAME_MESSAGE);

const setSchema = withoutPrototypeKeys(
  z.record(z.string(), z.union([leaf, mergedObject], { error: NOT_DATA })),
).superRefine((set, ctx) => {
  if (Object.keys(set).length === 0) {
    ctx.addIssue({ code: "custom", message: "must set at least one field, or drop set" });
  }
  for (const [key, value] of Object.entries(set)) {
    const inner = value !== null && typeof value === "object" ? Object.keys(value) : [];
    for (const path of [[key], ...inner.map((name) => [key, name])]) {
      if (!FIELD_NAME.test(path.at(-1) as string)) {
        ctx.addIssue({ code: "custom", path, message: FIELD_NAME_MESSAGE });
      }
    }
    if (isManaged(key)) {
      ctx.addIssue({ code: "custom", path: [key], message: managedMessage(key) });
    } else if (key === MERGED_BODY_OBJECT && (value === null || typeof value !== "object")) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: `${key} must be an object of fields to merge into the request's own, such as {"thinking": false}`,
      });
    } else if (value !== null && typeof value === "object") {
      if (key !== MERGED_BODY_OBJECT) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `OpenClaw would replace the request's own ${key} instead of merging into it: only ${MERGED_BODY_OBJECT} may be an object`,
        });
      } else if (Object.keys(value).length === 0) {
        ctx.addIssue({ code: "custom", path: [key], message: "must set at least one field" });
      }
    }
  }
});

const isManaged = (field: string) => (MANAGED_BODY_FIELDS as readonly string[]).includes(field);
const managedMessage = (field: string) =>
  `${field} is written by OpenClaw itself: use an openclawCompat or openclawTools effect instead`;

/**
 * `set` is applied through OpenClaw's own configuration; `remove` and `insertSystemMessage` have no configuration
 * form, so the one shaping plugin applies them (see SHAPING_PLUGIN_ID), on the provider the
 * intervention's match names.
 */
export const openclawRequestBodySchema = z
  .strictObject({
    set: setSchema.optional(),
    /** Top-level fields deleted from every request of the route, whoever put them there. */
    remove: z
      .array(bodyFieldName)
      .min(1, "must name at least one field, or drop remove")
      .superRefine((fields, ctx) => {
        fields.forEach((field, index) => {
          if (fields.indexOf(field) !== index) {
            ctx.addIssue({ code: "custom", path: [index], message: `${field} is listed twice` });
          } else if (isManaged(field)) {
            ctx.addIssue({ code: "custom", path: [index], message: managedMessage(field) });
          }
        });
      })
      .optional(),
    insertSystemMessage: insertSystemMessageSchema.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.set === undefined && body.remove === undefined && body.insertSystemMessage === undefined) {
      ctx.addIssue({
        code: "custom",
        message: "must hold set, remove or insertSystemMessage, or drop the effect",
      });
    }
    body.remove?.forEach((field, index) => {
      if (body.set && Object.hasOwn(body.set, field)) {
        ctx.addIssue({
          code: "custom",
          path: ["remove", index],
          message: `${field} is both set and removed: keep one`,
        });
      }
    });
  });
export type OpenclawRequestBody = z.infer<typeof openclawRequestBodySchema>;

/** Whether the effect needs the shaping plugin (it has parts OpenClaw's configuration cannot express). */
export function bodyNeedsShapingPlugin(body: OpenclawRequestBody | undefined): boolean {
  return body?.remove !== undefined || body?.insertSystemMessage !== undefined;
}

/** A field of the body: top-level, or one level inside `chat_template_kwargs` (the schema allows no deeper). */
export type BodyPath = [string] | [string, string];

/** Every leaf a set of body fields holds (an effect's `set`, or several merged), with its path and value. */
export function bodyLeaves(body: Readonly<Record<string, unknown>>): { path: BodyPath; value: unknown }[] {
  return Object.entries(body).flatMap(([key, value]) =>
    isRecord(value)
      ? Object.entries(value).map(([inner, leafValue]) => ({
          path: [key, inner] as BodyPath,
          value: leafValue,
        }))
      : [{ path: [key] as BodyPath, value }],
  );
}

/** The value at `path` in a request body; undefined when absent (or when an outer field is not an object). */
export function bodyValueAt(body: Readonly<Record<string, unknown>>, [key, inner]: BodyPath): unknown {
  if (inner === undefined) return body[key];
  const outer = body[key];
  return isRecord(outer) ? outer[inner] : undefined;
}
