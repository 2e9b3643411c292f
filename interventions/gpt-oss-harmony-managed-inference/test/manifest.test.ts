import { fileURLToPath } from "node:url";
import { describeIntervention, managedRoute } from "@model-setup/intervention-testkit";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

describeIntervention(packageDir, {
  // Written out on purpose: a change to the manifest's effects must be a deliberate change here too.
  effects: { openclawTools: { toolSearch: false }, openclawReplyShaping: { textToolCalls: "harmony" } },
  upstreamEffects: ["openclawTools"],
  matches: [
    managedRoute("openai/gpt-oss-120b"),
    managedRoute("gpt-oss-20b"),
    managedRoute("openai/gpt-oss-20b-mlx"),
    managedRoute("gpt-oss"),
  ],
  misses: [
    { route: managedRoute("openai/gpt-ossx"), failsOn: "modelIdPrefixes" },
    { route: managedRoute("openai/gpt-4o"), failsOn: "modelIdPrefixes" },
    { route: { ...managedRoute("openai/gpt-oss-120b"), providerKey: "nvidia" }, failsOn: "providerKey" },
    {
      route: { ...managedRoute("openai/gpt-oss-120b"), inferenceApi: "openai-responses" },
      failsOn: "inferenceApi",
    },
    {
      route: { ...managedRoute("openai/gpt-oss-120b"), baseUrl: "https://integrate.api.nvidia.com/v1" },
      failsOn: "baseUrl",
    },
  ],
});
