import { fileURLToPath } from "node:url";
import { describeIntervention } from "@model-setup/intervention-testkit";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

describeIntervention(packageDir, {
  // Written out on purpose: a change to the manifest's effects must be a deliberate change here too.
  effects: {
    openclawRequestBody: {
      set: {
        chat_template_kwargs: {
          force_nonempty_content: true,
        },
      },
    },
  },
  upstreamEffects: null,
  matches: [
    {
      modelId: "nemotron",
      providerKey: "inference",
      inferenceApi: "openai-completions",
      baseUrl: "https://inference.local/v1",
    },
    {
      modelId: "vendor/nemotron-example",
      providerKey: "inference",
      inferenceApi: "openai-completions",
      baseUrl: "https://inference.local/v1",
    },
    {
      modelId: "llama-3.1-nemotron",
      providerKey: "inference",
      inferenceApi: "openai-completions",
      baseUrl: "https://inference.local/v1",
    },
    {
      modelId: "vendor/llama-3.1-nemotron-example",
      providerKey: "inference",
      inferenceApi: "openai-completions",
      baseUrl: "https://inference.local/v1",
    },
    {
      modelId: "llama-3.3-nemotron",
      providerKey: "inference",
      inferenceApi: "openai-completions",
      baseUrl: "https://inference.local/v1",
    },
    {
      modelId: "vendor/llama-3.3-nemotron-example",
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
      failsOn: "modelIdPrefixes",
    },
    {
      route: {
        modelId: "nemotron",
        providerKey: "not-this-provider",
        inferenceApi: "openai-completions",
        baseUrl: "https://inference.local/v1",
      },
      failsOn: "providerKey",
    },
    {
      route: {
        modelId: "nemotron",
        providerKey: "inference",
        inferenceApi: "not-this-api",
        baseUrl: "https://inference.local/v1",
      },
      failsOn: "inferenceApi",
    },
    {
      route: {
        modelId: "nemotron",
        providerKey: "inference",
        inferenceApi: "openai-completions",
        baseUrl: "https://not-this-host.example/v1",
      },
      failsOn: "baseUrl",
    },
  ],
});
