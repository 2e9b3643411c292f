import { describe, expect, it } from "vitest";
import {
  buildIndexFiles,
  indexShardSchema,
  manifestJsonSchema,
  registryEntrySchema,
  setupRecordSchema,
  shardPathsForRoute,
  toSetupRecord,
} from "../src/index.js";
import { manifest, route } from "./fixtures.js";

/** The fields every manifest has; a setup record holds these and nothing else. */
const REQUIRED_FIELDS = ["agent", "description", "effects", "evidence", "id", "match", "removeWhen"];

describe("setup records", () => {
  it("point plugins at the staged tree and carry nothing but manifest fields", () => {
    const record = toSetupRecord({
      ...manifest(),
      $schema: "../schema.json",
      effects: { openclawPlugins: [{ id: "acme-compat", path: "plugin" }] },
    });
    expect(record.effects.openclawPlugins).toEqual([
      {
        id: "acme-compat",
        path: "openclaw-plugins/acme-compat",
        loadPath: "/usr/local/share/nemoclaw/openclaw-plugins/acme-compat",
      },
    ]);
    expect(Object.keys(record).sort()).toEqual(REQUIRED_FIELDS);
    expect(setupRecordSchema.parse(record)).toEqual(record);
  });
});

describe("setup records refuse what the builder never writes", () => {
  const good = toSetupRecord({
    ...manifest(),
    effects: { openclawPlugins: [{ id: "acme-compat", path: "plugin" }] },
  });
  const withPlugin = (plugin: Record<string, string>) => ({
    ...good,
    effects: { openclawPlugins: [plugin] },
  });

  it.each([
    [
      "a loadPath that walks out",
      { loadPath: "/usr/local/share/nemoclaw/openclaw-plugins/../../../../etc" },
      "loadPath",
    ],
    [
      "a loadPath of another plugin",
      { loadPath: "/usr/local/share/nemoclaw/openclaw-plugins/other" },
      "loadPath",
    ],
    ["a staged path elsewhere", { path: "openclaw-plugins/../x" }, "path"],
  ])("%s", (_, change, field) => {
    const plugin = { ...(good.effects.openclawPlugins?.[0] as Record<string, string>), ...change };
    const result = setupRecordSchema.safeParse(withPlugin(plugin));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("/"))).toEqual([`effects/openclawPlugins/0/${field}`]);
  });

  it("a package identity (it belongs in registry.json, not in a record upstream's generator reads)", () => {
    const result = setupRecordSchema.safeParse({
      ...good,
      package: { name: "@model-setup/x", version: "1.0.0" },
    });
    expect(result.error?.issues.map((i) => i.message)).toEqual(['Unrecognized key: "package"']);
  });
});

describe("registry.json entries", () => {
  const entry = {
    id: "acme-fix",
    agent: "openclaw",
    records: { upstream: "openclaw/acme-fix.json", index: "openclaw/records/acme-fix.json" },
    files: {},
  };

  it.each([
    [{ name: "x; rm -rf /", version: "1.0.0" }, "name"],
    [{ name: "@model-setup/x", version: "1.0.0$(id)" }, "version"],
    [{ name: "Upper/Case", version: "1.0.0" }, "name"],
  ])("refuse a package %j", (pkg, field) => {
    const result = registryEntrySchema.safeParse({ ...entry, package: pkg });
    expect(result.error?.issues.map((i) => i.path.join("/"))).toEqual([`package/${field}`]);
  });

  it("accept a well-formed package identity", () => {
    const pkg = { name: "@model-setup/x", version: "1.2.3" };
    expect(registryEntrySchema.parse({ ...entry, package: pkg }).package).toEqual(pkg);
  });
});

describe("sharded index", () => {
  const records = [
    manifest({ id: "exact", match: { modelIds: ["vendor/Model-A", "vendor/model-b"] } }),
    manifest({ id: "family", match: { modelIdPrefixes: ["gpt-5"] } }),
    manifest({ id: "any", match: { providerKey: "inference" } }),
  ];
  const files = buildIndexFiles(records);

  function lookup(modelId: string): string[] {
    const found = new Set<string>();
    for (const { path, key } of shardPathsForRoute("openclaw", route(modelId))) {
      const text = files.get(path);
      if (!text) continue;
      const shard = indexShardSchema.parse(JSON.parse(text));
      expect(shard.key).toBe(key);
      for (const id of shard.interventions) found.add(id);
    }
    return [...found].sort();
  }

  it("finds exact ids, prefix families and model-agnostic interventions", () => {
    expect(lookup("vendor/model-a")).toEqual(["any", "exact"]);
    expect(lookup("openai/gpt-5.1-mini")).toEqual(["any", "family"]);
    expect(lookup("openai/gpt-50")).toEqual(["any"]);
  });

  it("is deterministic and sorted", () => {
    const again = buildIndexFiles([...records].reverse());
    expect([...again]).toEqual([...files]);
    expect([...files.keys()]).toEqual([...files.keys()].sort());
  });

  it("keeps agents apart", () => {
    const hermes = buildIndexFiles([{ ...records[0], agent: "hermes" } as never]);
    expect([...hermes.keys()].some((path) => path.startsWith("hermes/model-ids/"))).toBe(true);
    expect([...hermes.keys()].some((path) => path.startsWith("openclaw/model-ids/"))).toBe(false);
  });
});

describe("manifest JSON Schema", () => {
  it("is a strict draft 2020-12 schema with the manifest's fields", () => {
    const schema = manifestJsonSchema() as {
      $schema: string;
      additionalProperties: boolean;
      required: string[];
    };
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required.sort()).toEqual(REQUIRED_FIELDS);
    expect(JSON.stringify(schema)).toContain("requiresToolResultName");
  });
});
