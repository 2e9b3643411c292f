import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MANAGED_ROUTE, matchesRoute, type RouteContext } from "../src/route.js";
import { type GuardMatch, hookMatchesRoute, type RouteFacts } from "../src/route-guard.js";

const MATCHES: GuardMatch[] = [
  { ...MANAGED_ROUTE, modelIds: ["moonshotai/kimi-k2.6"] },
  { ...MANAGED_ROUTE, modelIdPrefixes: ["gemini-3"] },
  { providerKey: "inference", modelIdPrefixes: ["nemotron-3"] },
  { baseUrl: "http://localhost:11434/v1", modelIds: ["qwen3.5:9b"] },
];

const BASE_URLS = [
  "https://inference.local/v1",
  "https://inference.local/v1/",
  "https://INFERENCE.LOCAL:443/v1/",
  "HTTPS://Inference.Local/x/../v1",
  " https://inference.local/v1 ",
  "https://inference.local:8443/v1",
  "http://inference.local/v1",
  "https://inference.local/v2",
  "http://localhost:11434/v1/",
  "http://LOCALHOST:11434/v1",
  "not a url/",
];
const MODEL_IDS = [
  "moonshotai/kimi-k2.6",
  "MoonshotAI/Kimi-K2.6",
  " moonshotai/kimi-k2.6 ",
  "moonshotai/kimi-k2.5",
  "google/gemini-3-pro",
  "gemini-30",
  "nvidia/nemotron-3-nano",
  "qwen3.5:9b",
];
const PROVIDERS = ["inference", "Inference", "ollama"];
const APIS = ["openai-completions", "openai-responses"];

/** The ways OpenClaw reports one route to a provider hook (seen across releases and hooks). */
function reportings(route: RouteContext): RouteFacts[] {
  const model = {
    id: route.modelId,
    provider: route.providerKey,
    api: route.inferenceApi,
    baseUrl: route.baseUrl,
  };
  return [
    { provider: route.providerKey, modelId: route.modelId, model },
    { provider: route.providerKey, modelId: `${route.providerKey}/${route.modelId}`, model },
    { provider: route.providerKey, modelId: route.modelId, modelApi: route.inferenceApi, model },
    {
      provider: route.providerKey,
      sourceApi: route.inferenceApi,
      model: { ...model, id: `${route.providerKey}/${route.modelId}` },
    },
  ];
}

describe("one route guard for the generator and the plugins", () => {
  it("agrees with the generator's match on every route of the table, however OpenClaw reports it", () => {
    let agreedMatches = 0;
    for (const match of MATCHES) {
      for (const baseUrl of BASE_URLS) {
        for (const modelId of MODEL_IDS) {
          for (const providerKey of PROVIDERS) {
            for (const inferenceApi of APIS) {
              const route = { modelId, providerKey, inferenceApi, baseUrl };
              const generator = matchesRoute(match, route);
              if (generator) agreedMatches++;
              for (const facts of reportings(route)) expect(hookMatchesRoute(match, facts)).toBe(generator);
            }
          }
        }
      }
    }
    // The table holds routes both sides take, not only refusals.
    expect(agreedMatches).toBeGreaterThan(20);
  });

  it("takes an equivalent base URL (letter case, default port, trailing slash) as the canonical one", () => {
    const kimi = MATCHES[0] as GuardMatch;
    const facts = (baseUrl: string): RouteFacts => ({
      provider: "inference",
      modelId: "moonshotai/kimi-k2.6",
      model: { id: "moonshotai/kimi-k2.6", api: "openai-completions", baseUrl },
    });
    expect(hookMatchesRoute(kimi, facts("https://INFERENCE.LOCAL:443/v1/"))).toBe(true);
    expect(hookMatchesRoute(kimi, facts("https://inference.local:444/v1"))).toBe(false);
  });

  it("fails closed: a predicate the hook does not report, or reports two ways, does not hold", () => {
    const kimi = MATCHES[0] as GuardMatch;
    const full = reportings({ modelId: "moonshotai/kimi-k2.6", ...MANAGED_ROUTE })[0] as RouteFacts;
    expect(hookMatchesRoute(kimi, full)).toBe(true);
    expect(hookMatchesRoute(kimi, { ...full, model: null })).toBe(false);
    expect(hookMatchesRoute(kimi, { ...full, modelId: "other/model" })).toBe(false);
    expect(hookMatchesRoute(kimi, { ...full, sourceApi: "openai-responses" })).toBe(false);
  });

  it("agrees with the generator on arbitrary spellings of the managed base URL", () => {
    const spelling = fc.record({
      scheme: fc.constantFrom("https", "HTTPS", "Https", "http"),
      host: fc.constantFrom("inference.local", "INFERENCE.LOCAL", "Inference.Local", "inference.locals"),
      port: fc.constantFrom("", ":443", ":80", ":8443"),
      path: fc.constantFrom("/v1", "/v1/", "/v1//", "/x/../v1", "/V1", "/v1/."),
    });
    const kimi = MATCHES[0] as GuardMatch;
    fc.assert(
      fc.property(spelling, ({ scheme, host, port, path }) => {
        const route = {
          modelId: "moonshotai/kimi-k2.6",
          ...MANAGED_ROUTE,
          baseUrl: `${scheme}://${host}${port}${path}`,
        };
        for (const facts of reportings(route)) {
          expect(hookMatchesRoute(kimi, facts)).toBe(matchesRoute(kimi, route));
        }
      }),
    );
  });
});
