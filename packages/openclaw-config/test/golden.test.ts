import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { canonicalJson, type RouteContext } from "@model-setup/manifest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GenerateOptions, generateConfig, loadMatchingRecords } from "../src/index.js";
import {
  fixtureRecords,
  managedRoute,
  PACKAGE_ROOT,
  setupTempDir,
  writeSetupDir,
} from "./helpers/setup-dir.js";

interface GoldenCase {
  golden: string;
  route: RouteContext;
  /** Exactly the interventions the route matches, sorted. */
  interventions: string[];
  options?: GenerateOptions;
}

const ollamaRoute = (providerKey: string): RouteContext => ({
  modelId: "llama3.1:8b",
  providerKey,
  inferenceApi: "openai-completions",
  baseUrl: "http://127.0.0.1:11434/v1",
});

/**
 * Every route a carried intervention takes part in (each alone where its match allows, and the routes where
 * several merge), one route none matches, and the user settings that change what an intervention writes: the
 * route a sandbox really uses → the exact openclaw.json. Goldens are reviewed by hand; regenerate with
 * UPDATE_GOLDEN=1 only after reading the diff.
 */
const CASES: GoldenCase[] = [
  {
    golden: "kimi-k2.6-managed-inference",
    route: managedRoute("moonshotai/kimi-k2.6"),
    interventions: ["kimi-k2.6-managed-inference"],
  },
  {
    golden: "kimi-k2.6-managed-inference-user-settings",
    route: managedRoute("moonshotai/kimi-k2.6"),
    interventions: ["kimi-k2.6-managed-inference"],
    options: { reasoningEffort: "high", directToolDisclosure: true, apiKey: "key", reasoning: true },
  },
  {
    golden: "deepseek-v4-pro-managed-inference",
    route: managedRoute("deepseek-ai/deepseek-v4-pro"),
    interventions: ["deepseek-v4-pro-managed-inference"],
  },
  {
    golden: "gpt-5-o-series-managed-inference",
    route: managedRoute("openai/gpt-5.1"),
    interventions: ["gpt-5-o-series-managed-inference"],
  },
  {
    golden: "gemini-3-managed-inference",
    route: managedRoute("google/gemini-3-pro-preview"),
    interventions: ["gemini-3-managed-inference"],
  },
  {
    golden: "nemotron-3-super-120b-managed-inference",
    route: managedRoute("nvidia/nemotron-3-super-120b-a12b"),
    interventions: ["nemotron-3-super-120b-managed-inference", "nemotron-nonempty-content-managed-inference"],
  },
  {
    golden: "nemotron-3-thinking-strip-managed-inference",
    route: managedRoute("nvidia/nemotron-3-super-120b-a12b", { upstreamProvider: "nvidia-prod" }),
    interventions: [
      "nemotron-3-super-120b-managed-inference",
      "nemotron-3-thinking-strip-managed-inference",
      "nemotron-nonempty-content-managed-inference",
    ],
  },
  {
    golden: "nemotron-3-ultra-managed-inference",
    route: managedRoute("nvidia/nvidia/nemotron-3-ultra"),
    interventions: ["nemotron-3-ultra-managed-inference", "nemotron-nonempty-content-managed-inference"],
  },
  {
    golden: "nemotron-3-ultra-nudge-managed-inference",
    route: managedRoute("nvidia/nemotron-3-ultra-550b-a55b", { upstreamProvider: "nvidia-prod" }),
    interventions: [
      "nemotron-3-thinking-strip-managed-inference",
      "nemotron-3-ultra-managed-inference",
      "nemotron-3-ultra-nudge-managed-inference",
      "nemotron-nonempty-content-managed-inference",
    ],
  },
  {
    golden: "nemotron-nonempty-content-managed-inference",
    route: managedRoute("nvidia/llama-3.3-nemotron-super-49b-v1"),
    interventions: ["nemotron-nonempty-content-managed-inference"],
  },
  {
    golden: "nemotron-ultra-managed-inference",
    route: managedRoute("nvidia/nvidia/llama-3.1-nemotron-ultra-253b-v1"),
    interventions: ["nemotron-nonempty-content-managed-inference", "nemotron-ultra-managed-inference"],
  },
  {
    golden: "qwen-3.5-local-managed-inference",
    route: managedRoute("qwen3.5:9b"),
    interventions: ["qwen-3.5-local-managed-inference"],
  },
  {
    golden: "ollama-streaming-usage",
    route: ollamaRoute("ollama"),
    interventions: ["ollama-streaming-usage"],
  },
  {
    golden: "ollama-local-streaming-usage",
    route: ollamaRoute("ollama-local"),
    interventions: ["ollama-local-streaming-usage"],
  },
  {
    golden: "ollama-local-streaming-usage-user-compat",
    route: ollamaRoute("ollama-local"),
    interventions: ["ollama-local-streaming-usage"],
    options: { userCompat: { supportsUsageInStreaming: false, supportsStore: false } },
  },
  { golden: "no-intervention", route: managedRoute("meta/llama-3.3-70b-instruct"), interventions: [] },
];

const dir = setupTempDir();
beforeAll(() => writeSetupDir(dir.path, fixtureRecords()));
afterAll(() => dir.remove());

describe("golden configs for every route of the carried interventions", () => {
  it.each(CASES)("$golden", async ({ golden, route, interventions, options }) => {
    const records = await loadMatchingRecords(dir.path, "openclaw", route);
    expect(records.map((record) => record.id)).toEqual(interventions);

    const text = canonicalJson(generateConfig(route, records, options));
    const file = join(PACKAGE_ROOT, "test", "golden", `${golden}.json`);
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(file, text);
    expect(existsSync(file), `missing golden ${file}: review and create it (UPDATE_GOLDEN=1)`).toBe(true);
    // Compared in canonical form: the formatter may re-wrap the stored file, never change its content.
    expect(text).toBe(canonicalJson(JSON.parse(readFileSync(file, "utf8"))));
  });

  it("every carried intervention takes part in a golden case", () => {
    const covered = new Set(CASES.flatMap((c) => c.interventions));
    expect(
      fixtureRecords()
        .filter((r) => !covered.has(r.id))
        .map((r) => r.id),
    ).toEqual([]);
  });
});
