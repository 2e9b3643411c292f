import { fileURLToPath } from "node:url";
import { describeIntervention, managedRoute } from "@model-setup/intervention-testkit";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const onProvider = (providerKey: string, modelId = "qwen3.5:9b") => ({
  ...managedRoute(modelId),
  providerKey,
});

describeIntervention(packageDir, {
  // Written out on purpose: a change to the manifest's effects must be a deliberate change here too.
  effects: {
    openclawCompatDefaults: {
      supportsUsageInStreaming: true,
    },
  },
  upstreamEffects: null,
  matches: [
    onProvider("ollama"),
    onProvider("ollama", "llama3.3:70b"),
    { ...onProvider("ollama"), baseUrl: "http://127.0.0.1:11434/v1", inferenceApi: "ollama" },
  ],
  misses: [
    { route: onProvider("ollama-local"), failsOn: "providerKey" },
    { route: managedRoute("qwen3.5:9b"), failsOn: "providerKey" },
  ],
});
