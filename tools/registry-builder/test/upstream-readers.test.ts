/**
 * The default image context is readable by upstream NemoClaw's own readers (./upstream-readers.ts: its OpenClaw
 * generator, its Hermes generator's registry walk, its CI schema) without losing a fix for this project's
 * openclaw-config: upstream's readers get every part they can apply, the rest sits in the index beside them.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  indexRecordSchema,
  joinUpstreamRecord,
  REGISTRY_FILE,
  type Registry,
  registrySchema,
  SETUP_DIR,
  SETUP_INDEX_DIR,
  setupRecordSchema,
  upstreamRecordSchema,
} from "@model-setup/manifest";
import { describe, expect, it } from "vitest";
import {
  openclawGeneratorProblems,
  schemaProblems,
  upstreamManifestFiles,
  upstreamReadersProblems,
} from "./upstream-readers.js";
import { CLI, makeWorkspace, manifestFor, pluginFiles } from "./workspace.js";

const REPO = fileURLToPath(new URL("../../..", import.meta.url));

/** Builds into a fresh temp folder (never into the workspace: one of them is this repository). */
function build(root: string, ...flags: string[]) {
  const out = join(mkdtempSync(join(tmpdir(), "upstream-readers-")), "out");
  const run = spawnSync(process.execPath, [CLI, "build", "--workspace", root, "--out", out, ...flags], {
    encoding: "utf8",
  });
  return { run, context: join(out, "context") };
}

function builtContext(root: string): string {
  const { run, context } = build(root);
  expect(run.status, run.stderr).toBe(0);
  return context;
}

const registryOf = (context: string): Registry =>
  registrySchema.parse(JSON.parse(readFileSync(join(context, SETUP_INDEX_DIR, REGISTRY_FILE), "utf8")));
const readJson = (file: string): unknown => JSON.parse(readFileSync(file, "utf8"));
const listing = (dir: string) => readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();

/** One intervention for every effect and match predicate upstream's readers lack, alone and mixed. */
function workspace() {
  return makeWorkspace({
    "interventions/plain-fix": {},
    "interventions/hermes-fix": {
      manifest: { ...manifestFor("hermes-fix"), agent: "hermes", effects: { hermesCompat: { a: true } } },
    },
    "interventions/prefix-fix": {
      manifest: manifestFor("prefix-fix", {
        match: { modelIdPrefixes: ["prefix-fix"], providerKey: "inference" },
        effects: { openclawCompat: { supportsStore: false } },
      }),
    },
    "interventions/kimi-like-fix": {
      manifest: manifestFor("kimi-like-fix", {
        effects: {
          openclawCompat: { requiresStringContent: true },
          openclawTools: { toolSearch: false },
          openclawPlugins: [{ id: "nemoclaw-kimi-like-compat", path: "plugin" }],
          openclawRequestBody: { set: { chat_template_kwargs: { thinking: false } } },
        },
      }),
      files: pluginFiles("nemoclaw-kimi-like-compat"),
    },
    "interventions/gemini-like-fix": {
      manifest: manifestFor("gemini-like-fix", {
        effects: {
          openclawPlugins: [{ id: "gemini-like-compat", path: "plugin" }],
          openclawProviderRequest: { allowPrivateNetwork: true },
        },
      }),
      files: pluginFiles("gemini-like-compat"),
    },
    "interventions/reasoning-fix": {
      manifest: manifestFor("reasoning-fix", {
        effects: { openclawTools: { toolSearch: false }, openclawReasoning: true },
      }),
    },
    "interventions/body-fix": {
      manifest: manifestFor("body-fix", {
        effects: {
          openclawRequestBody: {
            set: { top_k: 2 },
            remove: ["thinking"],
            insertSystemMessage: { content: "Answer in full.", unlessToolsOffered: ["exec"] },
          },
        },
      }),
    },
    "interventions/defaults-fix": {
      manifest: manifestFor("defaults-fix", {
        match: { providerKey: "ollama" },
        effects: { openclawCompatDefaults: { supportsUsageInStreaming: true } },
      }),
    },
    "interventions/scoped-fix": {
      manifest: manifestFor("scoped-fix", {
        match: { modelIdPrefixes: ["scoped-fix"], providerKey: "inference", upstreamProvider: "nvidia-prod" },
        effects: { openclawCompat: { supportsStore: false } },
      }),
    },
  });
}

describe("the default context, read by upstream NemoClaw's three readers", () => {
  const { run, context } = build(workspace());
  const root = join(context, SETUP_DIR);
  const registry = registryOf(context);

  it("passes the OpenClaw generator, the Hermes walk and the schema, though the fixtures carry every extra part", () => {
    expect(run.status, run.stderr).toBe(0);
    expect(upstreamReadersProblems(root)).toEqual([]);
  });

  it("holds schema.json and one record per intervention upstream can apply, nothing else", () => {
    expect(listing(root).filter((path) => path.endsWith(".json"))).toEqual([
      "hermes/hermes-fix.json",
      "openclaw/gemini-like-fix.json",
      "openclaw/kimi-like-fix.json",
      "openclaw/plain-fix.json",
      "openclaw/prefix-fix.json",
      "openclaw/reasoning-fix.json",
      "schema.json",
    ]);
  });

  it("the staged schema.json is closed like upstream's and accepts every staged record", () => {
    expect(schemaProblems(root, readJson(join(root, "schema.json")) as object)).toEqual([]);
    const stray = { ...(readJson(join(root, "openclaw", "plain-fix.json")) as object), evidence: ["#1"] };
    writeFileSync(join(root, "openclaw", "stray.json"), JSON.stringify(stray));
    expect(schemaProblems(root, readJson(join(root, "schema.json")) as object)).toEqual([
      "openclaw/stray.json: / must NOT have additional properties 'evidence'",
    ]);
  });

  it("drops parts, not interventions: a Kimi-like record keeps its compat, Tool Search and plugin", () => {
    expect(readJson(join(root, "openclaw", "kimi-like-fix.json"))).toEqual({
      id: "kimi-like-fix",
      agent: "openclaw",
      description: "test intervention kimi-like-fix",
      match: manifestFor("kimi-like-fix").match,
      effects: {
        openclawCompat: { requiresStringContent: true },
        openclawTools: { toolSearch: false },
        openclawPlugins: [
          {
            id: "nemoclaw-kimi-like-compat",
            path: "openclaw-plugins/kimi-like-compat",
            loadPath: "/usr/local/share/nemoclaw/openclaw-plugins/kimi-like-compat",
          },
        ],
      },
    });
  });

  it("lists, per intervention, what upstream's readers do not get and why", () => {
    const upstream = Object.fromEntries(
      registry.interventions.map((entry) => [
        entry.id,
        [
          entry.records.upstream,
          ...entry.upstream.dropped.map((gap) => gap.pointer),
          entry.upstream.notStaged,
        ],
      ]),
    );
    expect(upstream).toEqual({
      "body-fix": [null, "/effects/openclawRequestBody", "upstream's readers can apply none of its effects"],
      "defaults-fix": [
        null,
        "/effects/openclawCompatDefaults",
        "upstream's readers can apply none of its effects",
      ],
      "gemini-like-fix": ["openclaw/gemini-like-fix.json", "/effects/openclawProviderRequest", undefined],
      "hermes-fix": ["hermes/hermes-fix.json", undefined],
      "kimi-like-fix": ["openclaw/kimi-like-fix.json", "/effects/openclawRequestBody", undefined],
      "plain-fix": ["openclaw/plain-fix.json", undefined],
      "prefix-fix": ["openclaw/prefix-fix.json", undefined],
      "reasoning-fix": ["openclaw/reasoning-fix.json", "/effects/openclawReasoning", undefined],
      "scoped-fix": [
        null,
        "/match/upstreamProvider",
        "match predicate upstreamProvider: leaving it out would widen the match",
      ],
    });
    for (const entry of registry.interventions) {
      for (const gap of entry.upstream.dropped) expect(gap.why.length).toBeGreaterThan(20);
    }
  });

  it("the builder's output says the same", () => {
    expect(run.stdout).toContain(
      "registry-builder: upstream NemoClaw's readers get kimi-like-fix without effects/openclawRequestBody\n",
    );
    expect(run.stdout).toContain(
      "registry-builder: upstream NemoClaw's readers do not get scoped-fix (match predicate upstreamProvider: leaving it out would widen the match; match/upstreamProvider)\n",
    );
    expect(run.stdout).not.toContain("plain-fix");
  });

  it("loses nothing: each intervention's two halves join into the whole record registry.json holds", () => {
    for (const entry of registry.interventions) {
      const index = indexRecordSchema.parse(readJson(join(context, SETUP_INDEX_DIR, entry.records.index)));
      const upstream = entry.records.upstream
        ? upstreamRecordSchema.parse(readJson(join(root, entry.records.upstream)))
        : undefined;
      expect(setupRecordSchema.parse(joinUpstreamRecord(upstream, index))).toEqual(entry.manifest);
    }
  });
});

describe("the stand-in readers can fail", () => {
  it("each reader refuses a record carrying a part only this project reads", () => {
    const root = join(mkdtempSync(join(tmpdir(), "upstream-readers-")), SETUP_DIR);
    mkdirSync(join(root, "openclaw"), { recursive: true });
    const rich = manifestFor("rich-fix", {
      match: { modelIdPrefixes: ["rich"], modelIds: ["vendor/rich"], upstreamProvider: "nvidia-prod" },
      effects: { openclawTools: { toolSearch: false }, openclawRequestBody: { set: { top_k: 2 } } },
    });
    writeFileSync(join(root, "openclaw", "rich-fix.json"), JSON.stringify(rich));
    const problems = upstreamReadersProblems(root);
    expect(problems).toContain(
      "openclaw generator: openclaw/rich-fix.json: unknown match key 'upstreamProvider'",
    );
    expect(problems).toContain(
      "openclaw generator: openclaw/rich-fix.json: unknown effect 'openclawRequestBody' for agent 'openclaw'",
    );
    expect(problems).toContain("hermes walk: openclaw/rich-fix.json: unknown match key 'upstreamProvider'");
    expect(problems).toContain(
      "hermes walk: openclaw/rich-fix.json: modelIds and modelIdPrefixes are mutually exclusive",
    );
    expect(problems).toContain(
      "schema: openclaw/rich-fix.json: / must NOT have additional properties 'evidence'",
    );
    expect(problems).toContain(
      "schema: openclaw/rich-fix.json: /effects must NOT have additional properties 'openclawRequestBody'",
    );
  });

  it("one stray non-record file aborts the OpenClaw generator, as upstream's does", () => {
    const context = builtContext(makeWorkspace({ "interventions/plain-fix": {} }));
    const root = join(context, SETUP_DIR);
    writeFileSync(join(root, REGISTRY_FILE), readFileSync(join(context, SETUP_INDEX_DIR, REGISTRY_FILE)));
    expect(openclawGeneratorProblems(root)).toEqual([
      "registry.json: field 'id' must be a non-empty string",
      "registry.json: field 'description' must be a non-empty string",
      "registry.json: field 'agent' must be openclaw or hermes",
      "registry.json: field 'match' must be a non-empty object",
      "registry.json: field 'effects' must be a non-empty object",
    ]);
  });
});

describe("this repository's default build", () => {
  const context = builtContext(REPO);
  const root = join(context, SETUP_DIR);
  const registry = registryOf(context);

  it("passes upstream's three readers", () => {
    expect(registry.interventions.length).toBeGreaterThan(0);
    expect(upstreamManifestFiles(root)).toHaveLength(
      registry.interventions.filter((entry) => entry.records.upstream !== null).length,
    );
    expect(upstreamReadersProblems(root)).toEqual([]);
  });

  it("keeps every intervention from upstream only where its match would widen or nothing is left to apply", () => {
    for (const entry of registry.interventions) {
      const readable = Object.keys(entry.manifest.effects).some((key) =>
        ["openclawCompat", "openclawPlugins", "openclawTools", "hermesCompat"].includes(key),
      );
      const widens = entry.manifest.match.upstreamProvider !== undefined;
      expect(entry.records.upstream === null, entry.id).toBe(widens || !readable);
    }
  });
});

describe("the build profiles are gone", () => {
  it.each([["--profile", "nemoclaw"], ["--leave-out-unsupported"]])(
    "%s is a usage error naming why",
    (...flags) => {
      const { run } = build(makeWorkspace({ "interventions/plain-fix": {} }), ...flags);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(
        `${flags[0]} is gone: every context is readable by upstream NemoClaw's readers`,
      );
    },
  );
});
