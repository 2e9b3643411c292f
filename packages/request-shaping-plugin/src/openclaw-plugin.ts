/**
 * The request-shaping OpenClaw plugin, shared by every intervention. Its behaviour comes only from its plugin
 * config, which the config generator writes from the route's matched interventions: the route, the top-level
 * fields to remove and the system message to put first in tool-less requests. It names no model.
 *
 * It registers the route's provider and wraps its stream function: `onPayload` receives the request body as an
 * object before OpenClaw serialises it, so the body stays valid JSON and OpenClaw computes the length of what it
 * sends (no stale Content-Length, streaming untouched). Any other route's requests are never wrapped.
 *
 * Bundled into one self-contained ESM file by the registry builder: type-only imports of other packages only.
 */
import type { RequestShapingConfig } from "@model-setup/manifest";
import type {
  OpenClawPluginApi,
  OpenClawPluginDefinition,
  ProviderPlugin,
  StreamFn,
} from "@model-setup/openclaw-plugin-api";
import { isConfiguredRoute } from "./route.js";
import { type ShapingRules, shapeRequestBody } from "./shape.js";

/** Equals REQUEST_SHAPING_PLUGIN_ID of @model-setup/manifest (a test keeps them equal; no runtime import). */
export const PLUGIN_ID = "model-setup-request-shaping";

type Warn = (message: string) => void;

/** Once per process: a stream of malformed bodies must not flood the log. */
let warnedMalformed = false;

/** Chains `onPayload`: whatever OpenClaw's own wrappers made of the body is what gets shaped. */
export function shapingStreamFn(inner: StreamFn, rules: ShapingRules, warn: Warn): StreamFn {
  return (model, context, options) => {
    const earlier = options?.onPayload;
    return inner(model, context, {
      ...options,
      onPayload: async (payload: unknown, payloadModel: typeof model) => {
        const current = earlier ? ((await earlier.call(options, payload, payloadModel)) ?? payload) : payload;
        const outcome = shapeRequestBody(current, rules);
        if (outcome.kind === "changed") return outcome.body;
        if (outcome.kind === "malformed" && !warnedMalformed) {
          warnedMalformed = true;
          warn(`${PLUGIN_ID}: ${outcome.reason}; sent unchanged (logged once)`);
        }
        // Unchanged: what the earlier hook made of it, or nothing (OpenClaw then sends the body as it was).
        return earlier ? current : undefined;
      },
    });
  };
}

/** The plugin config as the generator writes it; OpenClaw has validated it against the manifest's schema. */
function configOf(raw: Record<string, unknown> | undefined): RequestShapingConfig | undefined {
  const route = raw?.route as Partial<RequestShapingConfig["route"]> | undefined;
  const complete = ["provider", "model", "api", "baseUrl"] as const;
  return route && complete.every((key) => typeof route[key] === "string")
    ? (raw as RequestShapingConfig)
    : undefined;
}

export function createProvider(config: RequestShapingConfig, warn: Warn): ProviderPlugin {
  const rules: ShapingRules = {
    ...(config.remove ? { remove: config.remove } : {}),
    ...(config.insertSystemMessage ? { insertSystemMessage: config.insertSystemMessage } : {}),
  };
  return {
    id: config.route.provider,
    label: "Model-specific request shaping",
    auth: [],
    wrapStreamFn: (ctx) =>
      ctx.streamFn && isConfiguredRoute(ctx, config.route)
        ? shapingStreamFn(ctx.streamFn, rules, warn)
        : undefined,
  };
}

const plugin: OpenClawPluginDefinition = {
  id: PLUGIN_ID,
  name: "Model-specific request shaping",
  description:
    "Removes request-body fields and inserts a system message as the matched interventions declare.",
  register(api: OpenClawPluginApi): void {
    const config = configOf(api.pluginConfig);
    if (!config) {
      api.logger.warn(
        `${PLUGIN_ID}: no route in the plugin config; requests are not shaped (regenerate the config)`,
      );
      return;
    }
    api.registerProvider(createProvider(config, (message) => api.logger.warn(message)));
  },
};

export default plugin;
