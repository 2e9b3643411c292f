import { fileURLToPath } from "node:url";
import { describeIntervention, managedRoute } from "@model-setup/intervention-testkit";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

describeIntervention(packageDir, {
  // Written out on purpose: a change to the manifest's effects must be a deliberate change here too.
  effects: { openclawTools: { toolSearch: false }, openclawReplyShaping: { textToolCalls: "hermes-json" } },
  upstreamEffects: ["openclawTools"],
  matches: [managedRoute("hermes3:8b"), managedRoute("hermes3"), managedRoute("HERMES3:70B")],
  misses: [
    { route: managedRoute("hermes3:8b-q4"), failsOn: "modelIds" },
    { route: managedRoute("hermes2:7b"), failsOn: "modelIds" },
    { route: { ...managedRoute("hermes3:8b"), providerKey: "nvidia" }, failsOn: "providerKey" },
    { route: { ...managedRoute("hermes3:8b"), inferenceApi: "openai-responses" }, failsOn: "inferenceApi" },
    {
      route: { ...managedRoute("hermes3:8b"), baseUrl: "https://integrate.api.nvidia.com/v1" },
      failsOn: "baseUrl",
    },
  ],
});
