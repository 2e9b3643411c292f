import { fileURLToPath } from "node:url";
import { describeIntervention, managedRoute } from "@model-setup/intervention-testkit";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

describeIntervention(packageDir, {
  // Written out on purpose: a change to the manifest's effects must be a deliberate change here too.
  effects: { openclawReplyShaping: { reasoningTags: { tags: ["think"] } } },
  upstreamEffects: null,
  matches: [
    managedRoute("nvidia/nemotron-3.5-lightning-30b-a3b"),
    managedRoute("nvidia/NVIDIA-Nemotron-3.5-Lightning-30B-A3B-NVFP4"),
    managedRoute("nvidia-nemotron-3.5-lightning-30b-a3b-nvfp4"),
  ],
  misses: [
    { route: managedRoute("nvidia/nemotron-3.5-lightningx"), failsOn: "modelIdPrefixes" },
    { route: managedRoute("nvidia/nemotron-3-nano-30b"), failsOn: "modelIdPrefixes" },
    {
      route: { ...managedRoute("nvidia/nemotron-3.5-lightning-30b-a3b"), providerKey: "nvidia" },
      failsOn: "providerKey",
    },
    {
      route: { ...managedRoute("nvidia/nemotron-3.5-lightning-30b-a3b"), inferenceApi: "openai-responses" },
      failsOn: "inferenceApi",
    },
    {
      route: {
        ...managedRoute("nvidia/nemotron-3.5-lightning-30b-a3b"),
        baseUrl: "https://integrate.api.nvidia.com/v1",
      },
      failsOn: "baseUrl",
    },
  ],
});
