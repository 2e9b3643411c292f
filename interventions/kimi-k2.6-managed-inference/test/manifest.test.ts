import { fileURLToPath } from "node:url";
import { describeIntervention, managedRoute } from "@model-setup/intervention-testkit";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

describeIntervention(packageDir, {
  // Written out on purpose: a change to the manifest's effects must be a deliberate change here too.
  effects: {
    openclawCompat: {
      supportsStore: false,
      requiresStringContent: true,
      maxTokensField: "max_tokens",
      requiresToolResultName: true,
    },
    openclawTools: {
      toolSearch: false,
    },
    openclawPlugins: [
      {
        id: "nemoclaw-kimi-inference-compat",
        path: "plugin",
      },
    ],
    openclawRequestBody: { set: { chat_template_kwargs: { thinking: false } } },
  },
  // Upstream's readers get everything but the request body, which upstream's own request preload sends.
  upstreamEffects: ["openclawCompat", "openclawTools", "openclawPlugins"],
  matches: [managedRoute("moonshotai/kimi-k2.6"), managedRoute(" MoonshotAI/Kimi-K2.6 ")],
  misses: [
    { route: managedRoute("moonshotai/kimi-k2.5"), failsOn: "modelIds" },
    { route: managedRoute("kimi-k2.6"), failsOn: "modelIds" },
    { route: { ...managedRoute("moonshotai/kimi-k2.6"), providerKey: "nvidia" }, failsOn: "providerKey" },
    {
      route: { ...managedRoute("moonshotai/kimi-k2.6"), inferenceApi: "openai-responses" },
      failsOn: "inferenceApi",
    },
    {
      route: { ...managedRoute("moonshotai/kimi-k2.6"), baseUrl: "https://integrate.api.nvidia.com/v1" },
      failsOn: "baseUrl",
    },
  ],
});
