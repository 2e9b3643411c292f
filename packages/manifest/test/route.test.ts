import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bareModelId,
  candidatePrefixes,
  firstFailedPredicate,
  matchesRoute,
  prefixMatches,
} from "../src/index.js";
import { route } from "./fixtures.js";

const kimi = {
  modelIds: ["moonshotai/kimi-k2.6"],
  providerKey: "inference",
  inferenceApi: "openai-completions",
  baseUrl: "https://inference.local/v1",
};
const gpt5 = { ...kimi, modelIds: undefined, modelIdPrefixes: ["gpt-5", "o1"] };

describe("route matching", () => {
  it("matches model ids trimmed and case-insensitively", () => {
    expect(matchesRoute(kimi, route("moonshotai/kimi-k2.6"))).toBe(true);
    expect(matchesRoute(kimi, route("  MoonshotAI/Kimi-K2.6 "))).toBe(true);
  });

  it("compares base URLs without trailing slashes, otherwise exactly", () => {
    expect(
      matchesRoute(kimi, route("moonshotai/kimi-k2.6", { baseUrl: "https://inference.local/v1/" })),
    ).toBe(true);
    expect(
      firstFailedPredicate(kimi, route("moonshotai/kimi-k2.6", { baseUrl: "https://inference.local/v2" })),
    ).toBe("baseUrl");
    expect(
      firstFailedPredicate(kimi, route("moonshotai/kimi-k2.6", { baseUrl: "http://inference.local/v1" })),
    ).toBe("baseUrl");
  });

  it.each([
    "https://INFERENCE.LOCAL/v1",
    "HTTPS://inference.local/v1",
    "https://inference.local:443/v1",
    "https://inference.local/x/../v1",
    "https://inference.local/./v1//",
    " https://Inference.Local:443/v1/ ",
  ])("compares base URLs as the URL they denote: %s is the managed endpoint", (baseUrl) => {
    expect(matchesRoute(kimi, route("moonshotai/kimi-k2.6", { baseUrl }))).toBe(true);
    expect(matchesRoute({ ...kimi, baseUrl }, route("moonshotai/kimi-k2.6"))).toBe(true);
  });

  it.each([
    "https://inference.local:8443/v1",
    "https://inference.local/v1/chat",
    "https://inference.localhost/v1",
  ])("keeps a different URL different: %s", (baseUrl) => {
    expect(firstFailedPredicate(kimi, route("moonshotai/kimi-k2.6", { baseUrl }))).toBe("baseUrl");
  });

  it("folds only ASCII letters: a look-alike non-ASCII letter never matches", () => {
    // U+212A KELVIN SIGN lower-cases to an ASCII k in full Unicode case folding.
    expect(matchesRoute(kimi, route("moonshotai/\u212Aimi-k2.6"))).toBe(false);
    expect(matchesRoute(gpt5, route("openai/gpt-5.\u0130"))).toBe(true); // the family still matches by its prefix
    expect(matchesRoute({ ...kimi, modelIds: ["vendor/\u00e9clair"] }, route("vendor/\u00c9CLAIR"))).toBe(
      false,
    );
    expect(matchesRoute({ ...kimi, modelIds: ["vendor/\u00e9clair"] }, route("vendor/\u00e9CLAIR"))).toBe(
      true,
    );
  });

  it("names the first failing predicate in a fixed order", () => {
    expect(firstFailedPredicate(kimi, route("moonshotai/kimi-k2.5"))).toBe("modelIds");
    expect(firstFailedPredicate(kimi, route("moonshotai/kimi-k2.6", { providerKey: "nvidia" }))).toBe(
      "providerKey",
    );
    expect(
      firstFailedPredicate(kimi, route("moonshotai/kimi-k2.6", { inferenceApi: "openai-responses" })),
    ).toBe("inferenceApi");
    expect(firstFailedPredicate(kimi, { ...route("x"), providerKey: "nvidia" })).toBe("modelIds");
  });

  it("matches the upstream provider exactly, and never a route whose upstream is unknown", () => {
    const ultra = { modelIdPrefixes: ["nemotron-3"], upstreamProvider: "nvidia-prod" };
    const on = (upstreamProvider?: string) =>
      firstFailedPredicate(ultra, {
        ...route("nvidia/nemotron-3-ultra"),
        ...(upstreamProvider === undefined ? {} : { upstreamProvider }),
      });
    expect(on("nvidia-prod")).toBeUndefined();
    expect(on("NVIDIA-prod")).toBe("upstreamProvider");
    expect(on("ollama-local")).toBe("upstreamProvider");
    expect(on()).toBe("upstreamProvider");
    expect(matchesRoute(kimi, { ...route("moonshotai/kimi-k2.6"), upstreamProvider: "nvidia-prod" })).toBe(
      true,
    );
  });

  it("treats a missing predicate as matching anything", () => {
    expect(matchesRoute({ providerKey: "inference" }, route("anything/at-all"))).toBe(true);
  });

  it.each([
    ["gpt-5", true],
    ["openai/gpt-5", true],
    ["gpt-5.1", true],
    ["gpt-5-mini", true],
    ["GPT-5-Mini", true],
    ["gpt-50", false],
    ["gpt-5x", false],
    ["gpt-4o", false],
    ["o1", true],
    ["o1-preview", true],
    ["o10-preview", false],
    ["openai/gpt-5/o1", true],
  ])("applies the prefix rule to %s", (modelId, expected) => {
    expect(matchesRoute(gpt5, route(modelId))).toBe(expected);
  });

  it("drops the namespace up to the last slash", () => {
    expect(bareModelId("nvidia/nvidia/Llama-3.1")).toBe("llama-3.1");
  });

  it("candidatePrefixes lists exactly the prefixes the rule accepts (property)", () => {
    const idChars = fc.constantFrom("a", "b", "1", "5", ".", "-");
    fc.assert(
      fc.property(
        fc.string({ unit: idChars, minLength: 1, maxLength: 12 }),
        fc.string({ unit: idChars, minLength: 1, maxLength: 6 }),
        (id, prefix) => {
          const bare = bareModelId(id);
          expect(candidatePrefixes(bare).includes(prefix)).toBe(prefixMatches(prefix, bare));
        },
      ),
    );
  });
});
