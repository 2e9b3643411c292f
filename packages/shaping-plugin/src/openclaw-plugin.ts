/**
 * The shaping OpenClaw plugin, shared by every intervention. Its behaviour comes only from its plugin config, which
 * the config generator writes from the route's matched interventions: the route, the top-level request fields to
 * remove, the system message to put first in tool-less requests, and what to do to replies. It names no model.
 *
 * It registers the route's provider and wraps its stream function. Requests: `onPayload` receives the body as an
 * object before OpenClaw serialises it, so the body stays valid JSON and OpenClaw computes the length of what it
 * sends. Replies: the shared stream rewriter reshapes the event stream so that events, snapshots and the final
 * message agree. Any other route's requests and replies are never wrapped.
 *
 * Bundled into one self-contained ESM file by the registry builder.
 */
import type { ShapingConfig } from "@model-setup/manifest";
import type {
  OpenClawPluginApi,
  OpenClawPluginDefinition,
  ProviderPlugin,
  StreamFn,
} from "@model-setup/openclaw-plugin-api";
import { offeredTools, wrapStreamFn } from "@model-setup/reply-shaping";
import { replyPlanOf, textShaperOf } from "./reply.js";
import { isConfiguredRoute } from "./route.js";
import { type ShapingRules, shapeRequestBody } from "./shape.js";

/** Equals SHAPING_PLUGIN_ID of @model-setup/manifest (a test keeps them equal; no runtime import). */
export const PLUGIN_ID = "model-setup-shaping";

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
function configOf(raw: Record<string, unknown> | undefined): ShapingConfig | undefined {
  const route = raw?.route as Partial<ShapingConfig["route"]> | undefined;
  const complete = ["provider", "model", "api", "baseUrl"] as const;
  return route && complete.every((key) => typeof route[key] === "string")
    ? (raw as ShapingConfig)
    : undefined;
}

export function createProvider(config: ShapingConfig, warn: Warn): ProviderPlugin {
  const rules: ShapingRules = {
    ...(config.remove ? { remove: config.remove } : {}),
    ...(config.insertSystemMessage ? { insertSystemMessage: config.insertSystemMessage } : {}),
  };
  const shapesRequests = rules.remove !== undefined || rules.insertSystemMessage !== undefined;
  const text = textShaperOf(config.reply);
  return {
    id: config.route.provider,
    label: "Model-specific request and reply shaping",
    auth: [],
    wrapStreamFn: (ctx) => {
      if (!ctx.streamFn || !isConfiguredRoute(ctx, config.route)) return undefined;
      let streamFn: StreamFn = ctx.streamFn;
      if (shapesRequests) streamFn = shapingStreamFn(streamFn, rules, warn);
      if (text) streamFn = wrapStreamFn(streamFn, (context) => replyPlanOf(text, offeredTools(context)));
      return streamFn;
    },
  };
}

const plugin: OpenClawPluginDefinition = {
  id: PLUGIN_ID,
  name: "Model-specific request and reply shaping",
  description:
    "Removes request-body fields, inserts a system message and reshapes replies as the matched interventions declare.",
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
