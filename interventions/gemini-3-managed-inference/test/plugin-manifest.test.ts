import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

describe("the nemoclaw-gemini-inference-compat plugin manifest", () => {
  it("declares the managed route a Google Generative AI endpoint (what keeps thought signatures)", () => {
    const manifest = JSON.parse(
      readFileSync(new URL("../plugin/openclaw.plugin.json", import.meta.url), "utf8"),
    );
    expect(manifest.providerEndpoints).toEqual([
      { endpointClass: "google-generative-ai", baseUrls: ["https://inference.local/v1"] },
    ]);
  });
});
