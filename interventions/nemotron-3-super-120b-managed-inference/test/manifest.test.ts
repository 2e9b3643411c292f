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
  matches: [managedRoute("nvidia/nemotron-3-super-120b-a12b")],
  misses: [
    { route: managedRoute("nemotron-3-super-120b-a12b"), failsOn: "modelIds" },
    { route: managedRoute("nvidia/nemotron-3-super-120b"), failsOn: "modelIds" },
    {
      route: { ...managedRoute("nvidia/nemotron-3-super-120b-a12b"), providerKey: "nvidia" },
      failsOn: "providerKey",
    },
    {
      route: { ...managedRoute("nvidia/nemotron-3-super-120b-a12b"), inferenceApi: "openai-responses" },
      failsOn: "inferenceApi",
    },
    {
      route: {
        ...managedRoute("nvidia/nemotron-3-super-120b-a12b"),
        baseUrl: "https://integrate.api.nvidia.com/v1",
      },
      failsOn: "baseUrl",
    },
  ],
});
