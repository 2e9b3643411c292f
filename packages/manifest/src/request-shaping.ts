/**
 * The one request-shaping OpenClaw plugin: it applies the request-body effects OpenClaw's configuration cannot
 * express (`remove`, `insertSystemMessage`) for every intervention. It names no model: the config generator hands
 * it the route and the route's merged effects as its plugin config, and the builder stages it with the provider
 * keys of the interventions that need it (OpenClaw consults a provider's plugins by the `providers` their
 * manifests declare).
 */
import { z } from "zod";
import { bodyFieldName, insertSystemMessageSchema } from "./request-body.js";
import { baseUrl, inferenceApi, modelId, providerKey } from "./strings.js";

export const REQUEST_SHAPING_PLUGIN_ID = "model-setup-request-shaping";

export const requestShapingConfigSchema = z.strictObject({
  /** The only route whose requests the plugin changes; every other request passes untouched. */
  route: z.strictObject({ provider: providerKey, model: modelId, api: inferenceApi, baseUrl }),
  remove: z.array(bodyFieldName).min(1).optional(),
  insertSystemMessage: insertSystemMessageSchema.optional(),
});
export type RequestShapingConfig = z.infer<typeof requestShapingConfigSchema>;

/** OpenClaw's manifest for the staged plugin; OpenClaw validates the plugin config against `configSchema`. */
export function requestShapingPluginManifest(providers: readonly string[]): Record<string, unknown> {
  const { $schema: _dialect, ...configSchema } = z.toJSONSchema(requestShapingConfigSchema, {
    target: "draft-7",
    io: "input",
  });
  return {
    id: REQUEST_SHAPING_PLUGIN_ID,
    name: "Model-specific request shaping",
    description:
      "Removes request-body fields and inserts a system message as the matched interventions declare, on their route only.",
    providers: [...new Set(providers)].sort(),
    configSchema,
  };
}
