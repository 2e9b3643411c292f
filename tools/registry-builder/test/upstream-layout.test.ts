/**
 * The staged model-specific-setup/ is a registry upstream NemoClaw's generator can read: schema.json and one
 * manifest per intervention, nothing else; this project's index and registry.json sit in a sibling folder. The
 * check is a stand-in for upstream's generator (./upstream-generator.ts), walking the folder as it does.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  REGISTRY_FILE,
  registrySchema,
  SETUP_DIR,
  SETUP_INDEX_DIR,
  setupRecordSchema,
} from "@model-setup/manifest";
import { describe, expect, it } from "vitest";
import { upstreamManifestFiles, upstreamRegistryProblems } from "./upstream-generator.js";
import { CLI, makeWorkspace, manifestFor, pluginFiles, withPlugin } from "./workspace.js";

const REPO = fileURLToPath(new URL("../../..", import.meta.url));

/** Builds into a fresh temp folder (never into the workspace: one of them is this repository). */
function build(root: string, ...flags: string[]) {
  const out = join(mkdtempSync(join(tmpdir(), "upstream-layout-")), "out");
  const run = spawnSync(process.execPath, [CLI, "build", "--workspace", root, "--out", out, ...flags], {
    encoding: "utf8",
  });
  expect(run.status, run.stderr).toBe(0);
  return join(out, "context");
}

const listing = (dir: string) => readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();

function workspace() {
  return makeWorkspace({
    "interventions/plain-fix": {},
    "interventions/plugin-fix": {
      manifest: withPlugin("plugin-fix", "plugin-compat"),
      files: pluginFiles("plugin-compat"),
    },
    "interventions/hermes-fix": {
      manifest: { ...manifestFor("hermes-fix"), agent: "hermes", effects: { hermesCompat: { a: true } } },
    },
    "interventions/body-fix": {
      manifest: manifestFor("body-fix", { effects: { openclawRequestBody: { set: { top_k: 2 } } } }),
    },
    "interventions/reasoning-fix": {
      manifest: manifestFor("reasoning-fix", { effects: { openclawReasoning: true } }),
    },
  });
}

describe("the staged model-specific-setup/ folder", () => {
  it("holds only schema.json and <agent>/<id>.json records, each with manifest fields only", () => {
    const context = build(workspace());
    expect(listing(join(context, SETUP_DIR))).toEqual([
      "hermes",
      "hermes/hermes-fix.json",
      "openclaw",
      "openclaw/body-fix.json",
      "openclaw/plain-fix.json",
      "openclaw/plugin-fix.json",
      "openclaw/reasoning-fix.json",
      "schema.json",
    ]);
    const registry = registrySchema.parse(
      JSON.parse(readFileSync(join(context, SETUP_INDEX_DIR, REGISTRY_FILE), "utf8")),
    );
    for (const entry of registry.interventions) {
      const record = JSON.parse(readFileSync(join(context, SETUP_DIR, entry.record), "utf8"));
      expect(record).not.toHaveProperty("package");
      expect(setupRecordSchema.parse(record)).toEqual(entry.manifest);
      expect(entry.package).toEqual({ name: `@test/${entry.id}`, version: "1.0.0" });
    }
    expect(listing(join(context, SETUP_INDEX_DIR))).toContain(REGISTRY_FILE);
    expect(listing(join(context, SETUP_INDEX_DIR))).toContain("openclaw/any-model.json");
  });

  it("built for upstream's generator (--profile nemoclaw), passes that generator's checks for every agent", () => {
    const context = build(workspace(), "--profile", "nemoclaw", "--leave-out-unsupported");
    const root = join(context, SETUP_DIR);
    expect(upstreamManifestFiles(root).map((file) => file.slice(root.length + 1))).toEqual([
      "hermes/hermes-fix.json",
      "openclaw/plain-fix.json",
      "openclaw/plugin-fix.json",
    ]);
    expect(upstreamRegistryProblems(root, "openclaw")).toEqual([]);
    expect(upstreamRegistryProblems(root, "hermes")).toEqual([]);
  });

  it("built for this project's generator, trips upstream's only on the effects the nemoclaw profile leaves out", () => {
    const root = join(build(workspace()), SETUP_DIR);
    expect(upstreamRegistryProblems(root, "openclaw")).toEqual([
      "openclaw/body-fix.json: unknown effect 'openclawRequestBody'",
      "openclaw/reasoning-fix.json: unknown effect 'openclawReasoning'",
    ]);
    expect(upstreamRegistryProblems(root, "hermes")).toEqual([]);
  });

  it("the stand-in generator does abort on a stray non-manifest file, as upstream's does", () => {
    const context = build(workspace(), "--profile", "nemoclaw", "--leave-out-unsupported");
    copyFileSync(join(context, SETUP_INDEX_DIR, REGISTRY_FILE), join(context, SETUP_DIR, REGISTRY_FILE));
    expect(upstreamRegistryProblems(join(context, SETUP_DIR), "openclaw")).toEqual([
      "registry.json: field 'id' must be a non-empty string",
      "registry.json: field 'description' must be a non-empty string",
      "registry.json: field 'agent' must be openclaw or hermes",
      "registry.json: field 'match' must be a non-empty object",
      "registry.json: field 'effects' must be a non-empty object",
    ]);
  });

  it("this repository built with --profile nemoclaw is a registry upstream's generator reads", () => {
    const context = build(REPO, "--profile", "nemoclaw", "--leave-out-unsupported");
    const root = join(context, SETUP_DIR);
    const registry = registrySchema.parse(
      JSON.parse(readFileSync(join(context, SETUP_INDEX_DIR, REGISTRY_FILE), "utf8")),
    );
    expect(registry.interventions.length).toBeGreaterThan(0);
    expect(upstreamManifestFiles(root)).toHaveLength(registry.interventions.length);
    expect(upstreamRegistryProblems(root, "openclaw")).toEqual([]);
    expect(upstreamRegistryProblems(root, "hermes")).toEqual([]);
  });
});
