/**
 * Metadata-only plugin: everything it does is in openclaw.plugin.json (`providerEndpoints`). OpenClaw still
 * needs an entry that registers, so `register` deliberately does nothing.
 */
import type { OpenClawPluginDefinition } from "@model-setup/openclaw-plugin-api";

const plugin: OpenClawPluginDefinition = {
  id: "nemoclaw-gemini-inference-compat",
  name: "Gemini 3 inference compat",
  description:
    "Marks https://inference.local/v1 as a Google Generative AI endpoint for thought-signature replay.",
  register(): void {},
};

export default plugin;
