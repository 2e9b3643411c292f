import { fileURLToPath } from "node:url";
import { describeIntervention, managedRoute } from "@model-setup/intervention-testkit";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

describeIntervention(packageDir, {
  // Written out on purpose: a change to the manifest's effects must be a deliberate change here too.
  effects: {
    openclawCompat: {
      thinkingFormat: "openrouter",
    },
    openclawReasoning: true,
    openclawTools: {
      toolSearch: false,
    },
  },
  upstreamEffects: ["openclawCompat", "openclawTools"],
  matches: [managedRoute("qwen3.5:9b"), managedRoute("qwen35-9b-q6:latest")],
  misses: [
    { route: managedRoute("qwen3.5:27b"), failsOn: "modelIds" },
    { route: { ...managedRoute("qwen3.5:9b"), providerKey: "nvidia" }, failsOn: "providerKey" },
    { route: { ...managedRoute("qwen3.5:9b"), inferenceApi: "openai-responses" }, failsOn: "inferenceApi" },
    {
      route: { ...managedRoute("qwen3.5:9b"), baseUrl: "https://integrate.api.nvidia.com/v1" },
      failsOn: "baseUrl",
    },
  ],
});
