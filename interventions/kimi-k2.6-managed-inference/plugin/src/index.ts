/**
 * Kimi K2.6 inference-compat plugin for OpenClaw.
 *
 * Registers hooks on the `inference` provider (the managed route's provider key). Each hook first checks the
 * route (provider `inference`, model `moonshotai/kimi-k2.6`, API `openai-completions`, base URL
 * `https://inference.local/v1`) and returns undefined — "no change" — anywhere else.
 *
 * Bundled into one self-contained ESM file by the registry builder: relative imports and type-only imports
 * only, no runtime dependencies, no Node built-ins.
 */
import type {
  OpenClawPluginApi,
  OpenClawPluginDefinition,
  ProviderPlugin,
} from "@model-setup/openclaw-plugin-api";
import { isKimiManagedRoute } from "./route.js";
import { inspectToolSchemas, normalizeToolSchemas } from "./schemas.js";
import { wrapStreamFn } from "./stream.js";

export const PLUGIN_ID = "nemoclaw-kimi-inference-compat";
export const PROVIDER_ID = "inference";

export function createProvider(): ProviderPlugin {
  return {
    id: PROVIDER_ID,
    label: "Managed inference (Kimi K2.6 compat)",
    auth: [],
    normalizeToolSchemas: (ctx) => (isKimiManagedRoute(ctx) ? normalizeToolSchemas(ctx.tools) : undefined),
    inspectToolSchemas: (ctx) => (isKimiManagedRoute(ctx) ? inspectToolSchemas(ctx.tools) : undefined),
    wrapStreamFn: (ctx) => (isKimiManagedRoute(ctx) && ctx.streamFn ? wrapStreamFn(ctx.streamFn) : undefined),
  };
}

const plugin: OpenClawPluginDefinition = {
  id: PLUGIN_ID,
  name: "Kimi K2.6 inference compat",
  description: "Exec split, tool-schema normalisation and reasoning strip for Kimi K2.6 on inference.local.",
  register(api: OpenClawPluginApi): void {
    // OpenClaw runs registration more than once per process; each pass gets its own provider object.
    api.registerProvider(createProvider());
  },
};

export default plugin;
