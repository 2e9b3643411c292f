import { MANAGED_ROUTE } from "@model-setup/manifest";
import { describe, expect, it } from "vitest";
import { explainRoute, formatExplanation } from "../src/index.js";
import { fixtureRecords, managedRoute, record, staged } from "./helpers/setup-dir.js";

describe("explainRoute", () => {
  const records = staged(fixtureRecords());

  it("lists every intervention with its verdict and the first failed predicate", () => {
    const explanation = explainRoute(records, "openclaw", managedRoute("moonshotai/kimi-k2.6"));
    const verdicts = Object.fromEntries(explanation.interventions.map((v) => [v.id, v]));
    expect(explanation.interventions).toHaveLength(records.length);
    expect(verdicts["kimi-k2.6-managed-inference"]).toMatchObject({ matched: true });
    expect(verdicts["kimi-k2.6-managed-inference"]).not.toHaveProperty("failedPredicate");
    expect(verdicts["gpt-5-o-series-managed-inference"]).toMatchObject({
      matched: false,
      failedPredicate: "modelIdPrefixes",
    });
    expect(verdicts["nemotron-ultra-managed-inference"]).toMatchObject({
      matched: false,
      failedPredicate: "modelIds",
    });
  });

  it("names a later predicate when the model matches but the endpoint does not", () => {
    const explanation = explainRoute(
      records,
      "openclaw",
      managedRoute("moonshotai/kimi-k2.6", { baseUrl: "https://api.moonshot.ai/v1" }),
    );
    expect(explanation.interventions.find((v) => v.id === "kimi-k2.6-managed-inference")).toMatchObject({
      matched: false,
      failedPredicate: "baseUrl",
    });
    expect(explanation.effects).toEqual([]);
    expect(explanation.toolSearch).toEqual({ mode: "tools", searchDefaultLimit: 8, maxSearchLimit: 20 });
  });

  it("shows each resulting effect with the intervention it came from", () => {
    const explanation = explainRoute(records, "openclaw", managedRoute("qwen3.5:9b"));
    expect(explanation.effects).toEqual([
      {
        key: "openclawCompat.thinkingFormat",
        value: "openrouter",
        source: "qwen-3.5-local-managed-inference",
      },
      { key: "openclawReasoning", value: true, source: "qwen-3.5-local-managed-inference" },
      { key: "openclawTools.toolSearch", value: false, source: "qwen-3.5-local-managed-inference" },
    ]);
    expect(explanation.toolSearch).toBe(false);
  });

  it("shows removals, the system message and the shared plugin that applies them, with their sources", () => {
    const nudge = { content: "You have no tools: answer in full.", unlessToolsOffered: ["exec"] };
    const match = { modelIds: ["acme/widget-7b"], ...MANAGED_ROUTE };
    const explanation = explainRoute(
      staged([
        record("strip-fix", match, { openclawRequestBody: { remove: ["thinking"] } }),
        record("nudge-fix", match, { openclawRequestBody: { insertSystemMessage: nudge } }),
      ]),
      "openclaw",
      managedRoute("acme/widget-7b"),
    );
    expect(explanation.effects).toEqual([
      {
        key: "openclawPlugins.model-setup-shaping",
        value: expect.objectContaining({ id: "model-setup-shaping" }),
        source: "shared, applies the request-body changes of nudge-fix, strip-fix",
      },
      { key: "openclawRequestBody.insertSystemMessage", value: nudge, source: "nudge-fix" },
      { key: "openclawRequestBody.remove.thinking", value: true, source: "strip-fix" },
    ]);
  });

  it("reports conflicts with the user's compat instead of throwing", () => {
    const explanation = explainRoute(records, "openclaw", managedRoute("openai/gpt-5.1"), {
      userCompat: { maxTokensField: "max_tokens" },
    });
    expect(explanation.conflicts).toEqual([
      'gpt-5-o-series-managed-inference sets openclawCompat.maxTokensField to "max_completion_tokens" but user compat (NEMOCLAW_INFERENCE_COMPAT_B64) sets it to "max_tokens": make them agree or narrow one match',
    ]);
  });

  it("formats a readable report", () => {
    const text = formatExplanation(explainRoute(records, "openclaw", managedRoute("moonshotai/kimi-k2.6")));
    expect(text).toMatch(/^route: model=moonshotai\/kimi-k2\.6 providerKey=inference/);
    expect(text).toMatch(/kimi-k2\.6-managed-inference\s+matched\n/);
    expect(text).toMatch(/gemini-3-managed-inference\s+not matched \(modelIdPrefixes differs\)/);
    expect(text).toContain(
      'openclawPlugins.nemoclaw-kimi-inference-compat = {"id":"nemoclaw-kimi-inference-compat","loadPath":"/usr/local/share/nemoclaw/openclaw-plugins/kimi-inference-compat","path":"openclaw-plugins/kimi-inference-compat"}',
    );
    expect(text).toContain("resulting tools.toolSearch: false");
  });
});
