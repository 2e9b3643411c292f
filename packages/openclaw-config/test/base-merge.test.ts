import { MANAGED_ROUTE } from "@model-setup/manifest";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BaseConflictError, baseToolSearch, generateConfig, mergeIntoBase } from "../src/index.js";
import { baseArb, generatedArb } from "./helpers/arbitraries.js";
import { managedRoute, record } from "./helpers/setup-dir.js";

const route = managedRoute("acme/widget-7b");
const generated = generateConfig(route, [
  record(
    "widget-fix",
    { modelIds: ["acme/widget-7b"], ...MANAGED_ROUTE },
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
    // The user's other model of the provider stays; the routed one is added.
    expect(merged.models.providers.inference?.models.map((m) => m.id)).toEqual(["old", "acme/widget-7b"]);
    expect(merged.plugins?.entries).toEqual({ acpx: { enabled: false }, "widget-plugin": { enabled: true } });
    expect(merged.tools).toEqual({
      toolSearch: { mode: "tools", searchDefaultLimit: 8, maxSearchLimit: 20 },
    });
  });

  it("replaces the shaping plugin's config, which only the generator writes", () => {
    const shaping = generateConfig(route, [
      record(
        "widget-fix",
        { modelIds: ["acme/widget-7b"], ...MANAGED_ROUTE },
        {
          openclawRequestBody: { remove: ["thinking"] },
        },
      ),
    ]);
    const stale = {
      plugins: {
        entries: {
          "model-setup-shaping": {
            enabled: true,
            config: { route: { model: "old/model" }, insertSystemMessage: { content: "old" } },
          },
        },
      },
    };
    const merged = mergeIntoBase(stale, shaping) as { plugins: { entries: Record<string, unknown> } };
    expect(merged.plugins.entries["model-setup-shaping"]).toEqual(
      shaping.plugins?.entries["model-setup-shaping"],
    );
  });

  it("keeps other plugin load paths and adds the generated ones once", () => {
    const merged = mergeIntoBase(base, generated) as unknown as { plugins: { load: { paths: string[] } } };
    expect(merged.plugins.load.paths).toEqual([
      "/opt/other-plugin",
      "/usr/local/share/nemoclaw/openclaw-plugins/widget-plugin",
    ]);
  });

  it("merges the routed model into the base's entry of the same id and keeps its other fields", () => {
    const withSame = {
      models: {
        providers: {
          inference: {
            models: [
              { id: "a/first", contextWindow: 1 },
              { id: "acme/widget-7b", contextWindow: 7, headers: { "x-team": "blue" } },
              { id: "z/last" },
            ],
          },
        },
      },
    };
    const merged = mergeIntoBase(withSame, generated) as {
      models: { providers: { inference: { models: Record<string, unknown>[] } } };
    };
    const models = merged.models.providers.inference.models;
    expect(models.map((m) => m.id)).toEqual(["a/first", "acme/widget-7b", "z/last"]);
    expect(models[0]).toEqual({ id: "a/first", contextWindow: 1 });
    expect(models[1]).toMatchObject({ headers: { "x-team": "blue" }, name: "inference/acme/widget-7b" });
    expect(models[1]?.contextWindow).not.toBe(7); // generated values win at the leaves
  });

  it("adds the generated plugins to a non-empty plugins.allow, and leaves an absent or empty one alone", () => {
    const allowing = { plugins: { allow: ["nemoclaw", "acpx"] } };
    const merged = mergeIntoBase(allowing, generated) as { plugins: { allow: string[] } };
    expect(merged.plugins.allow).toEqual(["nemoclaw", "acpx", "widget-plugin"]);
    const again = mergeIntoBase(merged, generated) as { plugins: { allow: string[] } };
    expect(again.plugins.allow).toEqual(["nemoclaw", "acpx", "widget-plugin"]);
    expect(
      (mergeIntoBase({ plugins: { allow: [] } }, generated) as { plugins: { allow: string[] } }).plugins
        .allow,
    ).toEqual([]);
    expect((mergeIntoBase({}, generated) as { plugins: object }).plugins).not.toHaveProperty("allow");
  });

  it("refuses a base that denies a generated plugin or disables plugins", () => {
    expect(() => mergeIntoBase({ plugins: { deny: ["x", "widget-plugin"] } }, generated)).toThrow(
      new BaseConflictError(
        "/plugins/deny/1 denies plugin widget-plugin, which this route's interventions need; remove it from plugins.deny",
      ),
    );
    expect(() => mergeIntoBase({ plugins: { enabled: false } }, generated)).toThrow(
      /\/plugins\/enabled is false/,
    );
    const noPlugins = generateConfig(managedRoute("acme/other"), []);
    expect(() =>
      mergeIntoBase({ plugins: { enabled: false, deny: ["widget-plugin"] } }, noPlugins),
    ).not.toThrow();
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
    expect(baseToolSearch({ tools: { toolSearch: { mode: "tools" } } })).toEqual({ mode: "tools" });
    expect(baseToolSearch({ tools: {} })).toBeUndefined();
    expect(baseToolSearch({ tools: "nonsense" })).toBeUndefined();
  });
});

describe("mergeIntoBase over arbitrary base configs (fast-check)", () => {
  type Config = {
    plugins?: {
      allow?: string[];
      deny?: string[];
      enabled?: boolean;
      entries?: Record<string, unknown>;
      load?: { paths?: string[] };
    };
    models?: { providers?: Record<string, { models?: { id: string }[] }> };
  };

  it("keeps every user model and plugin, and allows every plugin it loads, or refuses a base that blocks one", () => {
    fc.assert(
      fc.property(baseArb, generatedArb, (rawBase, generated) => {
        // As a parsed file would hold it: own data properties only, `__proto__` included.
        const base = JSON.parse(JSON.stringify(rawBase)) as Config & Record<string, unknown>;
        const loaded = Object.keys((generated as Config).plugins?.entries ?? {});
        const blocked =
          loaded.length > 0 &&
          (base.plugins?.enabled === false || loaded.some((id) => base.plugins?.deny?.includes(id)));
        if (blocked) {
          expect(() => mergeIntoBase(base, generated)).toThrow(BaseConflictError);
          return;
        }
        const merged = mergeIntoBase(base, generated) as Config;
        for (const [key, provider] of Object.entries(base.models?.providers ?? {})) {
          const ids = (merged.models?.providers?.[key]?.models ?? []).map((m) => m.id);
          for (const model of provider.models ?? []) expect(ids).toContain(model.id);
        }
        for (const id of Object.keys(base.plugins?.entries ?? {}))
          expect(merged.plugins?.entries).toHaveProperty([id]);
        for (const path of base.plugins?.load?.paths ?? [])
          expect(merged.plugins?.load?.paths).toContain(path);
        const allow = merged.plugins?.allow ?? [];
        if (allow.length > 0) for (const id of loaded) expect(allow).toContain(id);
        for (const id of base.plugins?.allow ?? []) expect(allow).toContain(id);
        expect(merged.plugins?.deny ?? []).toEqual(base.plugins?.deny ?? []);
      }),
      { numRuns: 500 },
    );
  });
});
