import { describe, expect, it } from "vitest";
import { isKimiManagedRoute, type RouteFacts } from "../plugin/src/route.js";

const model = {
  id: "moonshotai/kimi-k2.6",
  api: "openai-completions",
  baseUrl: "https://inference.local/v1",
  provider: "inference",
};
const onRoute: RouteFacts = { provider: "inference", modelId: "moonshotai/kimi-k2.6", model };

describe("route guard", () => {
  it("accepts the managed Kimi route as OpenClaw reports it", () => {
    expect(isKimiManagedRoute(onRoute)).toBe(true);
    expect(isKimiManagedRoute({ ...onRoute, modelApi: "openai-completions" })).toBe(true);
  });

  it("accepts the provider-qualified model id and manifest-style normalisation", () => {
    expect(isKimiManagedRoute({ ...onRoute, modelId: "inference/moonshotai/kimi-k2.6" })).toBe(true);
    expect(isKimiManagedRoute({ ...onRoute, modelId: " MoonshotAI/Kimi-K2.6 " })).toBe(true);
  });

  it("compares the base URL without trailing slashes", () => {
    expect(
      isKimiManagedRoute({ ...onRoute, model: { ...model, baseUrl: "https://inference.local/v1/" } }),
    ).toBe(true);
    expect(
      isKimiManagedRoute({ ...onRoute, model: { ...model, baseUrl: "https://inference.local/v1//" } }),
    ).toBe(true);
  });

  it.each<[string, RouteFacts]>([
    ["another provider", { ...onRoute, provider: "nvidia" }],
    ["another provider on the model", { ...onRoute, model: { ...model, provider: "moonshot" } }],
    [
      "another model",
      { ...onRoute, modelId: "moonshotai/kimi-k2.5", model: { ...model, id: "moonshotai/kimi-k2.5" } },
    ],
    ["a bare model id", { ...onRoute, modelId: "kimi-k2.6", model: { ...model, id: "kimi-k2.6" } }],
    [
      "another provider prefix",
      { ...onRoute, modelId: "nvidia/moonshotai/kimi-k2.6", model: { ...model, id: "x" } },
    ],
    ["disagreeing model ids", { ...onRoute, model: { ...model, id: "moonshotai/kimi-k2.5" } }],
    ["another API on the model", { ...onRoute, model: { ...model, api: "openai-responses" } }],
    ["another modelApi", { ...onRoute, modelApi: "anthropic-messages" }],
    ["another sourceApi", { ...onRoute, sourceApi: "openai-responses" }],
    ["another base URL", { ...onRoute, model: { ...model, baseUrl: "https://integrate.api.nvidia.com/v1" } }],
    ["a loopback base URL", { ...onRoute, model: { ...model, baseUrl: "http://127.0.0.1:8080/v1" } }],
    [
      "a base URL with another path",
      { ...onRoute, model: { ...model, baseUrl: "https://inference.local/v2" } },
    ],
    ["no model (base URL unknown)", { provider: "inference", modelId: "moonshotai/kimi-k2.6" }],
    ["no API reported", { ...onRoute, model: { id: model.id, baseUrl: model.baseUrl } }],
    ["no model id reported", { provider: "inference", model: { api: model.api, baseUrl: model.baseUrl } }],
  ])("refuses %s", (_label, facts) => {
    expect(isKimiManagedRoute(facts)).toBe(false);
  });
});

describe("route guard and manifest", () => {
  it("serves exactly the route the intervention's manifest matches (the guard reads it)", async () => {
    const { readFileSync } = await import("node:fs");
    const manifest = JSON.parse(readFileSync(new URL("../manifest.json", import.meta.url), "utf8"));
    const { providerKey, inferenceApi, baseUrl, modelIds } = manifest.match;
    for (const id of modelIds as string[]) {
      const facts = {
        provider: providerKey,
        modelId: id,
        model: { id, api: inferenceApi, baseUrl, provider: providerKey },
      };
      expect(isKimiManagedRoute(facts)).toBe(true);
      expect(isKimiManagedRoute({ ...facts, provider: `${providerKey}-other` })).toBe(false);
    }
  });
});
