import { fileURLToPath } from "node:url";
import { describeIntervention } from "@model-setup/intervention-testkit";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

describeIntervention(packageDir, {
  // Written out on purpose: a change to the manifest's effects must be a deliberate change here too.
  effects: {
    openclawRequestBody: {
      set: {
        chat_template_kwargs: {
          thinking: false,
        },
      },
    },
  },
  // Nothing is staged for upstream's readers: upstream's request preload sends the same field itself.
  upstreamEffects: null,
  matches: [
    {
      modelId: "deepseek-ai/deepseek-v4-pro",
      providerKey: "inference",
      inferenceApi: "openai-completions",
      baseUrl: "https://inference.local/v1",
    },
  ],
  misses: [
    {
      route: {
        modelId: "vendor/not-this-model-x9",
        providerKey: "inference",
        inferenceApi: "openai-completions",
        baseUrl: "https://inference.local/v1",
      },
      failsOn: "modelIds",
    },
    {
      route: {
        modelId: "deepseek-ai/deepseek-v4-pro",
        providerKey: "not-this-provider",
        inferenceApi: "openai-completions",
        baseUrl: "https://inference.local/v1",
      },
      failsOn: "providerKey",
    },
    {
      route: {
        modelId: "deepseek-ai/deepseek-v4-pro",
        providerKey: "inference",
        inferenceApi: "not-this-api",
        baseUrl: "https://inference.local/v1",
      },
      failsOn: "inferenceApi",
    },
    {
      route: {
        modelId: "deepseek-ai/deepseek-v4-pro",
        providerKey: "inference",
        inferenceApi: "openai-completions",
        baseUrl: "https://not-this-host.example/v1",
      },
      failsOn: "baseUrl",
    },
  ],
});
