import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { canonicalJson, type RouteContext } from "@model-setup/manifest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateConfig, loadMatchingRecords } from "../src/index.js";
import {
  fixtureRecords,
  managedRoute,
  PACKAGE_ROOT,
  setupTempDir,
  writeSetupDir,
} from "./helpers/setup-dir.js";

/**
 * One golden per carried intervention: the route a sandbox really uses → the exact openclaw.json.
 * Goldens are reviewed by hand; regenerate with UPDATE_GOLDEN=1 only after reading the diff.
 */
const CASES: { golden: string; route: RouteContext; intervention?: string }[] = [
  {
    golden: "kimi-k2.6-managed-inference",
    intervention: "kimi-k2.6-managed-inference",
    route: managedRoute("moonshotai/kimi-k2.6"),
  },
  {
    golden: "gpt-5-o-series-managed-inference",
    intervention: "gpt-5-o-series-managed-inference",
    route: managedRoute("openai/gpt-5.1"),
  },
  {
    golden: "gemini-3-managed-inference",
    intervention: "gemini-3-managed-inference",
    route: managedRoute("google/gemini-3-pro-preview"),
  },
  {
    golden: "nemotron-3-super-120b-managed-inference",
    intervention: "nemotron-3-super-120b-managed-inference",
    route: managedRoute("nvidia/nemotron-3-super-120b-a12b"),
  },
  {
    golden: "nemotron-3-ultra-managed-inference",
    intervention: "nemotron-3-ultra-managed-inference",
    route: managedRoute("nvidia/nvidia/nemotron-3-ultra"),
  },
  {
    golden: "nemotron-ultra-managed-inference",
    intervention: "nemotron-ultra-managed-inference",
    route: managedRoute("nvidia/nvidia/llama-3.1-nemotron-ultra-253b-v1"),
  },
  {
    golden: "qwen-3.5-local-managed-inference",
    intervention: "qwen-3.5-local-managed-inference",
    route: managedRoute("qwen3.5:9b"),
  },
  { golden: "no-intervention", route: managedRoute("meta/llama-3.3-70b-instruct") },
];

const dir = setupTempDir();
beforeAll(() => writeSetupDir(dir.path, fixtureRecords()));
afterAll(() => dir.remove());

describe("golden configs for the carried interventions", () => {
  it.each(CASES)("$golden", async ({ golden, route, intervention }) => {
    const records = await loadMatchingRecords(dir.path, "openclaw", route);
    expect(records.map((record) => record.id)).toEqual(intervention ? [intervention] : []);

    const text = canonicalJson(generateConfig(route, records));
    const file = join(PACKAGE_ROOT, "test", "golden", `${golden}.json`);
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(file, text);
    expect(existsSync(file), `missing golden ${file}: review and create it (UPDATE_GOLDEN=1)`).toBe(true);
    // Compared in canonical form: the formatter may re-wrap the stored file, never change its content.
    expect(text).toBe(canonicalJson(JSON.parse(readFileSync(file, "utf8"))));
  });

  it("every carried intervention has a golden case", () => {
    const covered = new Set(CASES.map((c) => c.intervention));
    expect(
      fixtureRecords()
        .filter((r) => !covered.has(r.id))
        .map((r) => r.id),
    ).toEqual([]);
  });
});
