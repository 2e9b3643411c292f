import { fileURLToPath } from "node:url";
import { describeIntervention, managedRoute } from "@model-setup/intervention-testkit";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

describeIntervention(packageDir, {
  // Written out on purpose: a change to the manifest's effects must be a deliberate change here too.
  effects: { openclawCompat: { maxTokensField: "max_tokens", requiresStringContent: true } },
  upstreamEffects: ["openclawCompat"],
  matches: [managedRoute("z-ai/glm-5.1"), managedRoute("Z-AI/GLM-5.2"), managedRoute("z-ai/glm5")],
  misses: [
    { route: managedRoute("z-ai/glm-4.7"), failsOn: "modelIds" },
    { route: managedRoute("zai-org/glm-5.1"), failsOn: "modelIds" },
    { route: { ...managedRoute("z-ai/glm-5.1"), providerKey: "nvidia" }, failsOn: "providerKey" },
    { route: { ...managedRoute("z-ai/glm-5.1"), inferenceApi: "openai-responses" }, failsOn: "inferenceApi" },
    {
      route: { ...managedRoute("z-ai/glm-5.1"), baseUrl: "https://integrate.api.nvidia.com/v1" },
      failsOn: "baseUrl",
    },
  ],
});
