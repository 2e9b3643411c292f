/**
 * The shared shaping plugin: staged once when an intervention needs it (removals, a system message),
 * with the providers of those interventions; absent otherwise; refused where an intervention plugin would
 * register the same provider.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  PLUGINS_DIR,
  REGISTRY_FILE,
  registrySchema,
  SETUP_INDEX_DIR,
  SHAPING_PLUGIN_ID,
  stagedPlugin,
} from "@model-setup/manifest";
import { describe, expect, it } from "vitest";
import { assembleWorkspace, makeWorkspace, manifestFor, pluginFiles, problemsOf } from "./workspace.js";

const REMOVE = { openclawRequestBody: { remove: ["thinking"] } };
const NUDGE = {
  openclawRequestBody: {
    insertSystemMessage: { content: "You have no tools: answer in full.", unlessToolsOffered: ["exec"] },
  },
};

function files(result: Awaited<ReturnType<typeof assembleWorkspace>>) {
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return new Map(result.output.files.map((file) => [file.path, file.content.toString("utf8")]));
}

describe("the shaping plugin in the image context", () => {
  it("is staged once for the interventions that need it, declaring their providers", async () => {
    const root = makeWorkspace({
      "interventions/strip-fix": { manifest: manifestFor("strip-fix", { effects: REMOVE }) },
      "interventions/nudge-fix": {
        manifest: manifestFor("nudge-fix", {
          effects: NUDGE,
          match: { modelIds: ["vendor/nudge-fix"], providerKey: "local-provider" },
        }),
      },
      "interventions/plain-fix": {},
    });
    const staged = files(await assembleWorkspace(root));
    const base = `${PLUGINS_DIR}/${SHAPING_PLUGIN_ID}`;
    const pluginManifest = JSON.parse(staged.get(`${base}/openclaw.plugin.json`) as string);
    expect(pluginManifest).toMatchObject({
      id: SHAPING_PLUGIN_ID,
      providers: ["inference", "local-provider"],
    });
    expect(pluginManifest.configSchema).toMatchObject({ type: "object", required: ["route"] });
    expect(JSON.parse(staged.get(`${base}/package.json`) as string)).toMatchObject({
      main: "./index.js",
      modelSetup: { usedBy: ["nudge-fix", "strip-fix"] },
    });
    const bundle = staged.get(`${base}/index.js`) as string;
    expect(bundle).toContain("onPayload");
    expect(bundle).not.toMatch(/nemotron|kimi|deepseek/i);
    const registry = registrySchema.parse(
      JSON.parse(staged.get(`${SETUP_INDEX_DIR}/${REGISTRY_FILE}`) as string),
    );
    expect(registry.sharedPlugins).toEqual([
      {
        ...stagedPlugin(SHAPING_PLUGIN_ID),
        package: { name: "@model-setup/shaping-plugin", version: expect.any(String) },
        usedBy: ["nudge-fix", "strip-fix"],
        files: Object.fromEntries(
          [...staged.keys()]
            .filter((p) => p.startsWith(`${base}/`))
            .map((p) => [p, expect.stringMatching(/^[0-9a-f]{64}$/)]),
        ),
      },
    ]);
  });

  it("is not staged when no intervention needs it (set alone is OpenClaw configuration)", async () => {
    const root = makeWorkspace({
      "interventions/set-fix": {
        manifest: manifestFor("set-fix", { effects: { openclawRequestBody: { set: { top_k: 2 } } } }),
      },
    });
    const staged = files(await assembleWorkspace(root));
    expect([...staged.keys()].some((path) => path.includes(SHAPING_PLUGIN_ID))).toBe(false);
    expect(JSON.parse(staged.get(`${SETUP_INDEX_DIR}/${REGISTRY_FILE}`) as string).sharedPlugins).toEqual([]);
  });

  it("refuses a route where an intervention plugin registers the provider the shared plugin needs", async () => {
    const claiming = {
      ...pluginFiles("claim-plugin"),
      "plugin/openclaw.plugin.json": JSON.stringify({
        id: "claim-plugin",
        providers: ["inference"],
        configSchema: { type: "object", additionalProperties: false, properties: {} },
      }),
    };
    const root = makeWorkspace({
      "interventions/strip-fix": {
        manifest: manifestFor("strip-fix", {
          effects: REMOVE,
          match: { modelIdPrefixes: ["model"], providerKey: "inference" },
        }),
      },
      "interventions/claim-fix": {
        manifest: manifestFor("claim-fix", {
          match: { modelIds: ["vendor/model-1"], providerKey: "inference" },
          effects: { openclawPlugins: [{ id: "claim-plugin", path: "plugin" }] },
        }),
        files: claiming,
      },
      "interventions/elsewhere-fix": {
        manifest: manifestFor("elsewhere-fix", {
          match: { modelIds: ["other/thing-1"], providerKey: "inference" },
          effects: { openclawPlugins: [{ id: "other-plugin", path: "plugin" }] },
        }),
        files: {
          ...claiming,
          "plugin/openclaw.plugin.json": claiming["plugin/openclaw.plugin.json"].replace(
            "claim-plugin",
            "other-plugin",
          ),
        },
      },
    });
    expect(await problemsOf(root)).toEqual([
      {
        file: "interventions/strip-fix/manifest.json",
        pointer: "/effects/openclawRequestBody",
        message: `plugin claim-plugin of claim-fix registers provider inference, which ${SHAPING_PLUGIN_ID} registers for this effect, and OpenClaw takes one plugin per provider: do the request change in that plugin, or narrow one match`,
      },
    ]);
    expect(existsSync(join(root, "never-written"))).toBe(false);
  });

  it("refuses two interventions on one route where one removes a field the other sets", async () => {
    const root = makeWorkspace({
      "interventions/strip-fix": {
        manifest: manifestFor("strip-fix", { effects: { openclawRequestBody: { remove: ["top_k"] } } }),
      },
      "interventions/set-fix": {
        manifest: manifestFor("set-fix", {
          match: { modelIds: ["vendor/strip-fix"], providerKey: "inference" },
          effects: { openclawRequestBody: { set: { top_k: 3 } } },
        }),
      },
    });
    expect(await problemsOf(root)).toEqual([
      {
        file: "interventions/strip-fix/manifest.json",
        pointer: "/effects/openclawRequestBody",
        message: expect.stringMatching(
          /^matches can overlap with \S+\/interventions\/set-fix\/manifest\.json and strip-fix removes request-body field top_k but set-fix sets it to 3: make them agree or narrow one match$/,
        ),
      },
    ]);
  });

  it("refuses one intervention that needs the shared plugin and registers the provider itself", async () => {
    const root = makeWorkspace({
      "interventions/both-fix": {
        manifest: manifestFor("both-fix", {
          effects: { ...REMOVE, openclawPlugins: [{ id: "own-plugin", path: "plugin" }] },
        }),
        files: {
          ...pluginFiles("own-plugin"),
          "plugin/openclaw.plugin.json": JSON.stringify({
            id: "own-plugin",
            providers: ["inference"],
            configSchema: { type: "object", additionalProperties: false, properties: {} },
          }),
        },
      },
    });
    expect((await problemsOf(root)).map((p) => p.message)).toEqual([
      expect.stringContaining("plugin own-plugin of both-fix registers provider inference"),
    ]);
    expect(readFileSync(join(root, "interventions/both-fix/manifest.json"), "utf8")).toContain("own-plugin");
  });
});
