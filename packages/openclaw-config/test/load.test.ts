import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  indexRecordPath,
  MANAGED_ROUTE,
  modelIdShardPath,
  ProblemsError,
  type RouteContext,
  recordPath,
  type SetupRecord,
} from "@model-setup/manifest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadMatchingRecords, SetupDirError } from "../src/index.js";
import { fixtureRecords, managedRoute, record, setupTempDir, writeSetupDir } from "./helpers/setup-dir.js";

const real = setupTempDir();
beforeAll(() => writeSetupDir(real.path, fixtureRecords()));
afterAll(() => real.remove());

async function matchedIds(route: RouteContext, dir = real.path): Promise<string[]> {
  return (await loadMatchingRecords(dir, "openclaw", route)).map((r) => r.id);
}

/** Rewrites a JSON file through `edit`; returns its path. */
// biome-ignore lint/suspicious/noExplicitAny: tests damage files of any shape
function editJson(file: string, edit: (value: any) => unknown): string {
  writeFileSync(file, JSON.stringify(edit(JSON.parse(readFileSync(file, "utf8")))));
  return file;
}

/**
 * Writes `records` to a private setup directory, lets `damage` change it (returning the file it damaged), and
 * gives back what loading the acme/target route then throws.
 */
async function loadDamaged(
  records: SetupRecord[],
  damage: (dir: ReturnType<typeof setupTempDir>) => string,
): Promise<{ error: unknown; file: string }> {
  const dir = setupTempDir();
  try {
    writeSetupDir(dir.path, records);
    const file = damage(dir);
    const error = await loadMatchingRecords(dir.path, "openclaw", managedRoute("acme/target")).then(
      () => undefined,
      (e: unknown) => e,
    );
    return { error, file };
  } finally {
    dir.remove();
  }
}

describe("routes against the real registry", () => {
  it.each([
    ["near-miss model id", managedRoute("moonshotai/kimi-k2.5")],
    ["longer model id", managedRoute("moonshotai/kimi-k2.6-turbo")],
    ["namespace dropped", managedRoute("kimi-k2.6")],
    ["other provider key", managedRoute("moonshotai/kimi-k2.6", { providerKey: "moonshot" })],
    ["other base URL", managedRoute("moonshotai/kimi-k2.6", { baseUrl: "https://api.moonshot.ai/v1" })],
    ["other inference API", managedRoute("moonshotai/kimi-k2.6", { inferenceApi: "openai-responses" })],
  ])("%s matches nothing", async (_name, route) => {
    expect(await matchedIds(route)).toEqual([]);
  });

  it("a single-namespace variant of a double-namespace id misses the exact id (a prefix may still match)", async () => {
    expect(await matchedIds(managedRoute("nvidia/nemotron-3-ultra"))).toEqual([
      "nemotron-nonempty-content-managed-inference",
    ]);
  });

  it.each([
    [
      "trailing slash on the base URL",
      managedRoute("moonshotai/kimi-k2.6", { baseUrl: "https://inference.local/v1/" }),
    ],
    ["upper-case model id", managedRoute("MoonshotAI/Kimi-K2.6")],
    ["whitespace around the model id", managedRoute("  moonshotai/kimi-k2.6\t")],
  ])("%s still matches", async (_name, route) => {
    expect(await matchedIds(route)).toEqual(["kimi-k2.6-managed-inference"]);
  });

  it.each([
    "gpt-5",
    "gpt-5.1",
    "openai/gpt-5-mini",
    "openai/gpt-6",
    "o1",
    "o1-mini",
    "openai/o3-mini",
    "o4-mini-high",
    "GPT-5.1",
  ])("GPT-5/o-series prefix matches %s", async (modelId) => {
    expect(await matchedIds(managedRoute(modelId))).toEqual(["gpt-5-o-series-managed-inference"]);
  });

  it.each([
    "gpt-50",
    "openai/gpt-50-turbo",
    "gpt-4o",
    "o10-preview",
    "o1x",
    "gpt5",
    "openai/gpt-5/extra-gpt-4",
  ])("GPT-5/o-series prefix does not match %s", async (modelId) => {
    expect(await matchedIds(managedRoute(modelId))).toEqual([]);
  });

  it("a prefix family on another provider does not match", async () => {
    expect(await matchedIds(managedRoute("gpt-5.1", { providerKey: "openai" }))).toEqual([]);
  });
});

describe("loadMatchingRecords reads only what the route can hit", () => {
  const dir = setupTempDir();
  // Both halves: Tool Search for upstream's folder, reasoning for the index.
  const target = record(
    "target-fix",
    { modelIds: ["acme/target"], ...MANAGED_ROUTE },
    { openclawTools: { toolSearch: false }, openclawReasoning: true },
  );
  const family = record(
    "family-fix",
    { modelIdPrefixes: ["acme-fam"], ...MANAGED_ROUTE },
    { openclawReasoning: true },
  );
  const wildcard = record("wildcard-fix", { ...MANAGED_ROUTE }, { openclawTools: { toolSearch: false } });
  const offRoute = record("offroute-fix", { baseUrl: "https://elsewhere/v1" }, { openclawReasoning: true });
  const bystanders = Array.from({ length: 50 }, (_, i) =>
    record(
      `bystander-${i}`,
      { modelIds: [`acme/bystander-${i}`], ...MANAGED_ROUTE },
      { openclawTools: { toolSearch: false }, openclawReasoning: true },
    ),
  );

  beforeAll(() => {
    writeSetupDir(dir.path, [target, family, wildcard, offRoute, ...bystanders]);
    // Records of other routes are never read: corrupt both halves of each, and the registry.json as well.
    for (const bystander of bystanders) {
      writeFileSync(join(dir.path, recordPath("openclaw", bystander.id)), "{");
      writeFileSync(join(dir.index, indexRecordPath("openclaw", bystander.id)), "{");
    }
    writeFileSync(join(dir.index, "registry.json"), "not json");
  });
  afterAll(() => dir.remove());

  it("finds the exact-id, prefix and any-model records, checking every predicate", async () => {
    expect(await matchedIds(managedRoute("acme/target"), dir.path)).toEqual(["target-fix", "wildcard-fix"]);
    expect(await matchedIds(managedRoute("vendor/acme-fam-2"), dir.path)).toEqual([
      "family-fix",
      "wildcard-fix",
    ]);
    // offroute-fix is a candidate for every model (no model selector) but its baseUrl differs.
    expect(await matchedIds(managedRoute("acme/unknown"), dir.path)).toEqual(["wildcard-fix"]);
  });

  it("validates the records a route names and reports file and pointer", async () => {
    const { error, file } = await loadDamaged([target], (dir) =>
      editJson(join(dir.path, recordPath("openclaw", "target-fix")), (value) => ({
        ...value,
        effects: { ...value.effects, openclawCompat: { notAKey: true } },
      })),
    );
    expect(error).toBeInstanceOf(ProblemsError);
    expect((error as ProblemsError).problems).toContainEqual(
      expect.objectContaining({ file, pointer: "/effects/openclawCompat/notAKey" }),
    );
  });

  it("refuses a record whose plugin loadPath walks out of the install root, before it reaches a config", async () => {
    const plugged = record(
      "target-fix",
      { modelIds: ["acme/target"], ...MANAGED_ROUTE },
      { openclawPlugins: [{ id: "target-plugin", path: "plugin" }] },
    );
    const { error, file } = await loadDamaged([plugged], (dir) =>
      editJson(join(dir.path, recordPath("openclaw", "target-fix")), (value) => {
        value.effects.openclawPlugins[0].loadPath =
          "/usr/local/share/nemoclaw/openclaw-plugins/../../../../etc";
        return value;
      }),
    );
    expect(error).toBeInstanceOf(ProblemsError);
    expect((error as ProblemsError).problems).toContainEqual({
      file,
      pointer: "/effects/openclawPlugins/0/loadPath",
      message:
        'must be "/usr/local/share/nemoclaw/openclaw-plugins/target-plugin" for plugin target-plugin: rebuild the image context',
    });
  });

  it("refuses an index shard whose key is not the route's (hash collision or stale index)", async () => {
    const { error } = await loadDamaged([target], (dir) =>
      editJson(join(dir.index, modelIdShardPath("openclaw", "acme/target")), () => ({
        key: "acme/other",
        interventions: ["target-fix"],
      })),
    );
    expect(String(error)).toMatch(/index shard holds key "acme\/other", expected "acme\/target"/);
  });

  it("validates this project's half too, naming the index record", async () => {
    const { error, file } = await loadDamaged([target], (dir) =>
      editJson(join(dir.index, indexRecordPath("openclaw", "target-fix")), (value) => ({
        ...value,
        openclawReasoning: 1,
      })),
    );
    expect((error as ProblemsError).problems).toEqual([
      {
        file,
        pointer: "/openclawReasoning",
        message: 'unknown field "openclawReasoning": remove it or fix the spelling',
      },
    ]);
  });

  it("refuses a record whose upstream half is missing, naming the file to rebuild", async () => {
    const { error, file } = await loadDamaged([target], (dir) => {
      const upstream = join(dir.path, recordPath("openclaw", "target-fix"));
      rmSync(upstream);
      return upstream;
    });
    expect(error).toBeInstanceOf(ProblemsError);
    expect((error as ProblemsError).message).toContain(
      "incomplete record for target-fix: rebuild the image context",
    );
    expect((error as ProblemsError).problems).toContainEqual(
      expect.objectContaining({
        pointer: "/description",
        message: expect.stringContaining(`${file} is missing`),
      }),
    );
  });

  it("refuses halves that both hold the same part", async () => {
    let upstream = "";
    const { error, file } = await loadDamaged([target], (dir) => {
      upstream = join(dir.path, recordPath("openclaw", "target-fix"));
      return editJson(join(dir.index, indexRecordPath("openclaw", "target-fix")), (value) => ({
        ...value,
        effects: { ...value.effects, openclawTools: { toolSearch: true } },
      }));
    });
    expect((error as ProblemsError).problems).toEqual([
      { file, pointer: "/effects/openclawTools", message: `${upstream} holds it too` },
    ]);
  });

  it("refuses a record whose id is not the one the index names", async () => {
    const { error } = await loadDamaged([target], (dir) =>
      editJson(join(dir.path, recordPath("openclaw", "target-fix")), (value) => ({
        ...value,
        id: "renamed-fix",
      })),
    );
    expect(String(error)).toMatch(/the index names target-fix but the record's id is renamed-fix/);
  });
});

describe("setup directory errors", () => {
  it("a missing directory is a SetupDirError naming the variable and flag", async () => {
    const run = loadMatchingRecords("/nonexistent/model-specific-setup", "openclaw", managedRoute("a/b"));
    await expect(run).rejects.toBeInstanceOf(SetupDirError);
    await expect(run).rejects.toThrow(/NEMOCLAW_MODEL_SPECIFIC_SETUP_DIR \(or --setup-dir\)/);
  });

  it("a directory without the built index is refused", async () => {
    const empty = setupTempDir();
    try {
      mkdirSync(join(empty.path, "openclaw"), { recursive: true });
      const error = await loadMatchingRecords(empty.path, "openclaw", managedRoute("a/b")).catch((e) => e);
      expect(error).toBeInstanceOf(SetupDirError);
      expect((error as Error).message).toContain(
        `has no built lookup index beside it (${join(empty.index, "openclaw", "any-model.json")} is missing)`,
      );
    } finally {
      empty.remove();
    }
  });
});
