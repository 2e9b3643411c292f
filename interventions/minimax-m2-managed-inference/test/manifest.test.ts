import { fileURLToPath } from "node:url";
import { describeIntervention, managedRoute } from "@model-setup/intervention-testkit";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

describeIntervention(packageDir, {
  // Written out on purpose: a change to the manifest's effects must be a deliberate change here too.
  effects: { openclawReplyShaping: { reasoningTags: { tags: ["think", "mm:think"] } } },
  upstreamEffects: null,
  matches: [
    managedRoute("minimaxai/minimax-m2.7"),
    managedRoute("minimaxai/minimax-m2.5"),
    managedRoute("MiniMaxAI/MiniMax-M3"),
    managedRoute("minimax-m2"),
  ],
  misses: [
    { route: managedRoute("minimaxai/minimax-m20"), failsOn: "modelIdPrefixes" },
    { route: managedRoute("minimaxai/minimax-text-01"), failsOn: "modelIdPrefixes" },
    { route: { ...managedRoute("minimaxai/minimax-m2.7"), providerKey: "nvidia" }, failsOn: "providerKey" },
    {
      route: { ...managedRoute("minimaxai/minimax-m2.7"), inferenceApi: "openai-responses" },
      failsOn: "inferenceApi",
    },
    {
      route: { ...managedRoute("minimaxai/minimax-m2.7"), baseUrl: "https://integrate.api.nvidia.com/v1" },
      failsOn: "baseUrl",
    },
  ],
});
