import { fileURLToPath } from "node:url";
import { describeIntervention, managedRoute } from "@model-setup/intervention-testkit";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

describeIntervention(packageDir, {
  // Written out on purpose: a change to the manifest's effects must be a deliberate change here too.
  effects: {
    openclawTools: {
      toolSearch: false,
    },
  },
  upstreamEffects: ["openclawTools"],
  matches: [managedRoute("nvidia/nvidia/llama-3.1-nemotron-ultra-253b-v1")],
  misses: [
    { route: managedRoute("nvidia/llama-3.1-nemotron-ultra-253b-v1"), failsOn: "modelIds" },
    {
      route: { ...managedRoute("nvidia/nvidia/llama-3.1-nemotron-ultra-253b-v1"), providerKey: "nvidia" },
      failsOn: "providerKey",
    },
    {
      route: {
        ...managedRoute("nvidia/nvidia/llama-3.1-nemotron-ultra-253b-v1"),
        inferenceApi: "openai-responses",
      },
      failsOn: "inferenceApi",
    },
    {
      route: {
        ...managedRoute("nvidia/nvidia/llama-3.1-nemotron-ultra-253b-v1"),
        baseUrl: "https://integrate.api.nvidia.com/v1",
      },
      failsOn: "baseUrl",
    },
  ],
});
