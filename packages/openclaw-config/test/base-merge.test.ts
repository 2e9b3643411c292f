import { describe, expect, it } from "vitest";
import { baseToolSearch, generateConfig, mergeIntoBase } from "../src/index.js";
import { MANAGED, managedRoute, record } from "./helpers/setup-dir.js";

const route = managedRoute("acme/widget-7b");
const generated = generateConfig(route, [
  record(
    "widget-fix",
    { modelIds: ["acme/widget-7b"], ...MANAGED },
    {
      openclawPlugins: [{ id: "widget-plugin", path: "plugin" }],
    },
  ),
]);

describe("mergeIntoBase", () => {
  const base = {
    gateway: { mode: "local", port: 18789 },
    agents: { defaults: { timeoutSeconds: 600, model: { primary: "old/model", fallbacks: ["x/y"] } } },
    models: {
      mode: "merge",
      providers: {
        inference: { apiKey: "unused", baseUrl: "https://old.example/v1", models: [{ id: "old" }] },
        other: { baseUrl: "https://other.example/v1", api: "openai-completions", models: [] },
      },
    },
    plugins: {
      entries: { acpx: { enabled: false } },
      load: { paths: ["/opt/other-plugin", "/usr/local/share/nemoclaw/openclaw-plugins/widget-plugin"] },
    },
  };

  it("keeps unrelated keys and replaces the generated ones", () => {
    const merged = mergeIntoBase(base, generated) as unknown as typeof base & typeof generated;
    expect(merged.gateway).toEqual({ mode: "local", port: 18789 });
    expect(merged.agents.defaults).toEqual({
      timeoutSeconds: 600,
      model: { primary: "inference/acme/widget-7b", fallbacks: ["x/y"] },
    });
    expect(merged.models.providers.other).toEqual(base.models.providers.other);
    expect(merged.models.providers.inference).toMatchObject({
      apiKey: "unused",
      baseUrl: "https://inference.local/v1",
      api: "openai-completions",
    });
    expect(merged.models.providers.inference?.models.map((m) => m.id)).toEqual(["acme/widget-7b"]);
    expect(merged.plugins?.entries).toEqual({ acpx: { enabled: false }, "widget-plugin": { enabled: true } });
    expect(merged.tools).toEqual({ toolSearch: true });
  });

  it("keeps other plugin load paths and adds the generated ones once", () => {
    const merged = mergeIntoBase(base, generated) as unknown as { plugins: { load: { paths: string[] } } };
    expect(merged.plugins.load.paths).toEqual([
      "/opt/other-plugin",
      "/usr/local/share/nemoclaw/openclaw-plugins/widget-plugin",
    ]);
  });

  it("does not mutate the base", () => {
    const before = JSON.stringify(base);
    mergeIntoBase(base, generated);
    expect(JSON.stringify(base)).toBe(before);
  });

  it("keeps a __proto__ key from JSON as data, never as a prototype", () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "tools": {"__proto__": {"x": 1}}}');
    const merged = mergeIntoBase(hostile, generated);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.hasOwn(merged, "__proto__")).toBe(true);
  });
});

describe("baseToolSearch", () => {
  it("reads an explicit choice from an existing config", () => {
    expect(baseToolSearch({ tools: { toolSearch: false } })).toBe(false);
    expect(baseToolSearch({ tools: {} })).toBeUndefined();
    expect(baseToolSearch({ tools: "nonsense" })).toBeUndefined();
  });
});
