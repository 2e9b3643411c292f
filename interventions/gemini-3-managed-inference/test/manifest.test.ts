import { fileURLToPath } from "node:url";
import { describeIntervention, managedRoute } from "@model-setup/intervention-testkit";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

describeIntervention(packageDir, {
  // Written out on purpose: a change to the manifest's effects must be a deliberate change here too.
  effects: {
    openclawPlugins: [
      {
        id: "nemoclaw-gemini-inference-compat",
        path: "plugin",
      },
    ],
    openclawProviderRequest: { allowPrivateNetwork: true },
  },
  // Upstream's readers get the plugin; they have no provider-request effect.
  upstreamEffects: ["openclawPlugins"],
  matches: [
    managedRoute("gemini-3"),
    managedRoute("google/gemini-3-pro-preview"),
    managedRoute("gemini-3.1-flash"),
  ],
  misses: [
    { route: managedRoute("gemini-2.5-pro"), failsOn: "modelIdPrefixes" },
    { route: managedRoute("gemini-30"), failsOn: "modelIdPrefixes" },
    { route: { ...managedRoute("gemini-3"), providerKey: "nvidia" }, failsOn: "providerKey" },
    { route: { ...managedRoute("gemini-3"), inferenceApi: "openai-responses" }, failsOn: "inferenceApi" },
    {
      route: { ...managedRoute("gemini-3"), baseUrl: "https://integrate.api.nvidia.com/v1" },
      failsOn: "baseUrl",
    },
  ],
});
