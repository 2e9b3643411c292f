import { fileURLToPath } from "node:url";
import { describeIntervention, managedRoute } from "@model-setup/intervention-testkit";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

describeIntervention(packageDir, {
  // Written out on purpose: a change to the manifest's effects must be a deliberate change here too.
  effects: { openclawCompat: { requiresReasoningContentOnAssistantMessages: true }, openclawReasoning: true },
  upstreamEffects: ["openclawCompat"],
  matches: [managedRoute("deepseek-ai/deepseek-v4-flash"), managedRoute("DeepSeek-AI/DeepSeek-V4-Flash")],
  misses: [
    { route: managedRoute("deepseek-ai/deepseek-v4-pro"), failsOn: "modelIds" },
    { route: managedRoute("deepseek-ai/deepseek-v4-flash-lite"), failsOn: "modelIds" },
    {
      route: { ...managedRoute("deepseek-ai/deepseek-v4-flash"), providerKey: "nvidia" },
      failsOn: "providerKey",
    },
    {
      route: { ...managedRoute("deepseek-ai/deepseek-v4-flash"), inferenceApi: "openai-responses" },
      failsOn: "inferenceApi",
    },
    {
      route: {
        ...managedRoute("deepseek-ai/deepseek-v4-flash"),
        baseUrl: "https://integrate.api.nvidia.com/v1",
      },
      failsOn: "baseUrl",
    },
  ],
});
