import { fileURLToPath } from "node:url";
import { describeIntervention, managedRoute } from "@model-setup/intervention-testkit";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

describeIntervention(packageDir, {
  // Written out on purpose: a change to the manifest's effects must be a deliberate change here too.
  effects: { openclawTools: { toolSearch: false }, openclawReplyShaping: { textToolCalls: "qwen-xml" } },
  upstreamEffects: ["openclawTools"],
  matches: [
    managedRoute("Qwen3.5-27B-Q4_K_M"),
    managedRoute("qwen3.6-27b"),
    managedRoute("Qwen/Qwen3.5-35B-A3B"),
    managedRoute("qwen3.5"),
  ],
  misses: [
    { route: managedRoute("qwen3.50-7b"), failsOn: "modelIdPrefixes" },
    { route: managedRoute("qwen3-coder-30b"), failsOn: "modelIdPrefixes" },
    { route: { ...managedRoute("Qwen3.5-27B-Q4_K_M"), providerKey: "nvidia" }, failsOn: "providerKey" },
    {
      route: { ...managedRoute("Qwen3.5-27B-Q4_K_M"), inferenceApi: "openai-responses" },
      failsOn: "inferenceApi",
    },
    {
      route: { ...managedRoute("Qwen3.5-27B-Q4_K_M"), baseUrl: "https://integrate.api.nvidia.com/v1" },
      failsOn: "baseUrl",
    },
  ],
});
