import { fileURLToPath } from "node:url";
import { describeIntervention, managedRoute } from "@model-setup/intervention-testkit";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

describeIntervention(packageDir, {
  // Written out on purpose: a change to the manifest's effects must be a deliberate change here too.
  effects: {
    openclawCompat: {
      maxTokensField: "max_completion_tokens",
    },
  },
  upstreamEffects: ["openclawCompat"],
  matches: [
    managedRoute("gpt-5"),
    managedRoute("openai/gpt-5.1"),
    managedRoute("gpt-5-mini"),
    managedRoute("o1"),
    managedRoute("o3-mini"),
    managedRoute("openai/o4-mini-high"),
    managedRoute("gpt-6"),
  ],
  misses: [
    { route: managedRoute("gpt-50"), failsOn: "modelIdPrefixes" },
    { route: managedRoute("o10-preview"), failsOn: "modelIdPrefixes" },
    { route: managedRoute("gpt-4o"), failsOn: "modelIdPrefixes" },
    { route: { ...managedRoute("gpt-5"), providerKey: "nvidia" }, failsOn: "providerKey" },
    { route: { ...managedRoute("gpt-5"), inferenceApi: "openai-responses" }, failsOn: "inferenceApi" },
    {
      route: { ...managedRoute("gpt-5"), baseUrl: "https://integrate.api.nvidia.com/v1" },
      failsOn: "baseUrl",
    },
  ],
});
