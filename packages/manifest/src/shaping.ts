/**
 * The one shaping OpenClaw plugin: it applies the request-body effects OpenClaw's configuration cannot express
 * (`remove`, `insertSystemMessage`) and the reply shaping (`openclawReplyShaping`) for every intervention. It names
 * no model: the config generator hands it the route and the route's merged effects as its plugin config, and the
 * builder stages it with the provider keys of the interventions that need it (OpenClaw consults a provider's
 * plugins by the `providers` their manifests declare).
 */
import { z } from "zod";
import { replyShapingSchema } from "./reply-shaping.js";
import { bodyFieldName, insertSystemMessageSchema } from "./request-body.js";
import { baseUrl, inferenceApi, modelId, providerKey } from "./strings.js";

export const SHAPING_PLUGIN_ID = "model-setup-shaping";

export const shapingConfigSchema = z.strictObject({
  /** The only route whose requests the plugin changes; every other request passes untouched. */
  route: z.strictObject({ provider: providerKey, model: modelId, api: inferenceApi, baseUrl }),
  remove: z.array(bodyFieldName).min(1).optional(),
  insertSystemMessage: insertSystemMessageSchema.optional(),
  /** What is done to the route's replies. */
  reply: replyShapingSchema.optional(),
});
export type ShapingConfig = z.infer<typeof shapingConfigSchema>;

/** OpenClaw's manifest for the staged plugin; OpenClaw validates the plugin config against `configSchema`. */
export function shapingPluginManifest(providers: readonly string[]): Record<string, unknown> {
  const { $schema: _dialect, ...configSchema } = z.toJSONSchema(shapingConfigSchema, {
    target: "draft-7",
    io: "input",
  });
  return {
    id: SHAPING_PLUGIN_ID,
    name: "Model-specific request and reply shaping",
    description:
      "Removes request-body fields, inserts a system message and reshapes replies (reasoning tags, tool calls written as text) as the matched interventions declare, on their route only.",
    providers: [...new Set(providers)].sort(),
    configSchema,
  };
}
