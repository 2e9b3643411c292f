import { fileURLToPath } from "node:url";
import { describeIntervention, managedRoute } from "@model-setup/intervention-testkit";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const onNvidiaBuild = (modelId: string) => ({ ...managedRoute(modelId), upstreamProvider: "nvidia-prod" });

describeIntervention(packageDir, {
  // Written out on purpose: a change to the manifest's effects must be a deliberate change here too.
  effects: {
    openclawRequestBody: {
      remove: ["thinking"],
    },
  },
  upstreamEffects: null,
  matches: [
    onNvidiaBuild("nvidia/nemotron-3-ultra-550b-a55b"),
    onNvidiaBuild("nvidia/nemotron-3-super-120b-a12b"),
    onNvidiaBuild("nvidia/nemotron-3-nano-30b-a3b"),
  ],
  misses: [
    { route: managedRoute("nvidia/nemotron-3-ultra-550b-a55b"), failsOn: "upstreamProvider" },
    {
      route: { ...managedRoute("nvidia/nemotron-3-ultra-550b-a55b"), upstreamProvider: "openrouter" },
      failsOn: "upstreamProvider",
    },
    { route: onNvidiaBuild("nvidia/llama-3.3-nemotron-super-49b-v1"), failsOn: "modelIdPrefixes" },
    { route: onNvidiaBuild("nvidia/nemotron-30"), failsOn: "modelIdPrefixes" },
    {
      route: { ...onNvidiaBuild("nvidia/nemotron-3-ultra-550b-a55b"), providerKey: "nvidia" },
      failsOn: "providerKey",
    },
  ],
});
