import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MAX_PLUGIN_FILE_BYTES } from "@model-setup/discovery";
import { MANAGED_ROUTE as MANAGED } from "@model-setup/manifest";
import { describe, expect, it } from "vitest";
import {
  makeWorkspace,
  manifestFor,
  PLUGIN_MANIFEST,
  pluginFiles,
  problemsOf,
  withPlugin,
} from "./workspace.js";

async function expectProblem(root: string, file: string, pointer: string, fragment: RegExp) {
  const problems = await problemsOf(root);
  const hit = problems.find((p) => p.file === file && p.pointer === pointer && fragment.test(p.message));
  expect(hit, `no ${file}#${pointer} ~ ${fragment} in ${JSON.stringify(problems, null, 1)}`).toBeDefined();
}

describe("the builder refuses bad interventions with file, pointer and fix", () => {
  it("accepts a valid workspace", async () => {
    const root = makeWorkspace({
      "interventions/a-fix": { manifest: withPlugin("a-fix"), files: pluginFiles("p-compat") },
    });
    expect(await problemsOf(root)).toEqual([]);
  });

  it("unknown field", async () => {
    const root = makeWorkspace({
      "interventions/a-fix": { manifest: { ...manifestFor("a-fix"), owner: "me" } },
    });
    await expectProblem(
      root,
      "interventions/a-fix/manifest.json",
      "/owner",
      /unknown field "owner": remove it/,
    );
  });

  it("missing required field", async () => {
    const { match: _, ...rest } = manifestFor("a-fix");
    const root = makeWorkspace({ "interventions/a-fix": { manifest: rest } });
    await expectProblem(root, "interventions/a-fix/manifest.json", "/match", /required field is missing/);
  });

  it("id not equal to the folder name", async () => {
    const root = makeWorkspace({ "interventions/a-fix": { manifest: manifestFor("b-fix") } });
    await expectProblem(
      root,
      "interventions/a-fix/manifest.json",
      "/id",
      /must equal the package folder name "a-fix"/,
    );
  });

  it("duplicate ids across packages", async () => {
    const root = makeWorkspace({ "interventions/a-fix": {}, "extra/a-fix": {} }, [
      "interventions/*",
      "extra/*",
    ]);
    await expectProblem(
      root,
      "interventions/a-fix/manifest.json",
      "/id",
      /also used by .*extra\/a-fix\/manifest.json/,
    );
  });

  it("duplicate plugin ids across packages", async () => {
    const root = makeWorkspace({
      "interventions/a-fix": { manifest: withPlugin("a-fix", "shared"), files: pluginFiles("shared") },
      "interventions/b-fix": { manifest: withPlugin("b-fix", "shared"), files: pluginFiles("shared") },
    });
    await expectProblem(
      root,
      "interventions/b-fix/manifest.json",
      "/effects/openclawPlugins/0/id",
      /plugin id shared is also declared by/,
    );
  });

  it("two plugins staged in one folder (upstream's nemoclaw- prefix is left off the folder name)", async () => {
    const root = makeWorkspace({
      "interventions/a-fix": {
        manifest: withPlugin("a-fix", "twin-compat"),
        files: pluginFiles("twin-compat"),
      },
      "interventions/b-fix": {
        manifest: withPlugin("b-fix", "nemoclaw-twin-compat"),
        files: pluginFiles("nemoclaw-twin-compat"),
      },
    });
    await expectProblem(
      root,
      "interventions/b-fix/manifest.json",
      "/effects/openclawPlugins/0/id",
      /plugin nemoclaw-twin-compat would be staged in openclaw-plugins\/twin-compat, as plugin twin-compat of .*a-fix\/manifest.json is .*: rename one/,
    );
  });

  it("a plugin staged in the shared shaping plugin's folder", async () => {
    const id = "nemoclaw-model-setup-shaping";
    const root = makeWorkspace({
      "interventions/a-fix": { manifest: withPlugin("a-fix", id), files: pluginFiles(id) },
    });
    await expectProblem(
      root,
      "interventions/a-fix/manifest.json",
      "/effects/openclawPlugins/0/id",
      /the shared shaping plugin's folder: pick another id/,
    );
  });

  it("modelIds together with modelIdPrefixes", async () => {
    const root = makeWorkspace({
      "interventions/a-fix": {
        manifest: manifestFor("a-fix", { match: { modelIds: ["a/b"], modelIdPrefixes: ["gpt-5"] } }),
      },
    });
    await expectProblem(root, "interventions/a-fix/manifest.json", "/match/modelIdPrefixes", /exclusive/);
  });

  it("prefix containing a slash", async () => {
    const root = makeWorkspace({
      "interventions/a-fix": {
        manifest: manifestFor("a-fix", { match: { modelIdPrefixes: ["openai/gpt-5"] } }),
      },
    });
    await expectProblem(
      root,
      "interventions/a-fix/manifest.json",
      "/match/modelIdPrefixes/0",
      /without a namespace/,
    );
  });

  it("unknown compat key and wrong value type", async () => {
    const root = makeWorkspace({
      "interventions/a-fix": {
        manifest: manifestFor("a-fix", { effects: { openclawCompat: { supportsStores: false } } }),
      },
      "interventions/b-fix": {
        manifest: manifestFor("b-fix", { effects: { openclawCompat: { supportsStore: "no" } } }),
      },
    });
    await expectProblem(
      root,
      "interventions/a-fix/manifest.json",
      "/effects/openclawCompat/supportsStores",
      /unknown field/,
    );
    await expectProblem(
      root,
      "interventions/b-fix/manifest.json",
      "/effects/openclawCompat/supportsStore",
      /expected boolean/,
    );
  });

  it("effects of the other agent", async () => {
    const root = makeWorkspace({
      "interventions/a-fix": { manifest: manifestFor("a-fix", { agent: "hermes" }) },
    });
    await expectProblem(root, "interventions/a-fix/manifest.json", "/effects/openclawTools", /other agent/);
  });

  it.each([
    ["absolute", "/etc", /not absolute/],
    ["with ..", "../b-fix/plugin", /'\.' or '\.\.'/],
  ])("plugin path %s", async (_, path, fragment) => {
    const manifest = manifestFor("a-fix", { effects: { openclawPlugins: [{ id: "p", path }] } });
    const root = makeWorkspace({ "interventions/a-fix": { manifest } });
    await expectProblem(
      root,
      "interventions/a-fix/manifest.json",
      "/effects/openclawPlugins/0/path",
      fragment,
    );
  });

  it("plugin path missing", async () => {
    const root = makeWorkspace({ "interventions/a-fix": { manifest: withPlugin("a-fix") } });
    await expectProblem(
      root,
      "interventions/a-fix/manifest.json",
      "/effects/openclawPlugins/0/path",
      /does not exist/,
    );
  });

  it("plugin folder that is a symlink leaving the package", async () => {
    const root = makeWorkspace({
      "interventions/a-fix": { manifest: withPlugin("a-fix") },
      "interventions/b-fix": { files: pluginFiles("p-compat") },
    });
    symlinkSync(join(root, "interventions/b-fix/plugin"), join(root, "interventions/a-fix/plugin"));
    await expectProblem(
      root,
      "interventions/a-fix/manifest.json",
      "/effects/openclawPlugins/0/path",
      /symlink leaving the package/,
    );
  });

  it("a symlink inside the plugin tree that leaves the package", async () => {
    const root = makeWorkspace({
      "interventions/a-fix": { manifest: withPlugin("a-fix"), files: pluginFiles("p-compat") },
    });
    symlinkSync("/etc/passwd", join(root, "interventions/a-fix/plugin/src/passwd.ts"));
    await expectProblem(
      root,
      "interventions/a-fix/manifest.json",
      "/effects/openclawPlugins/0/path",
      /plugin\/src\/passwd.ts is a symlink leaving/,
    );
  });

  it("special files, setuid bits, oversized files and odd names in the plugin tree", async () => {
    const root = makeWorkspace({
      "interventions/a-fix": { manifest: withPlugin("a-fix"), files: pluginFiles("p-compat") },
    });
    const src = join(root, "interventions/a-fix/plugin/src");
    execFileSync("mkfifo", [join(src, "pipe")]);
    writeFileSync(join(src, "suid.ts"), "");
    chmodSync(join(src, "suid.ts"), 0o4755);
    writeFileSync(join(src, "big.ts"), Buffer.alloc(MAX_PLUGIN_FILE_BYTES + 1));
    writeFileSync(join(src, "bad name$.ts"), "");
    const messages = (await problemsOf(root)).map((p) => p.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/plugin\/src\/pipe is not a regular file/),
        expect.stringMatching(/plugin\/src\/suid.ts has setuid/),
        expect.stringMatching(/plugin\/src\/big.ts is \d+ bytes, over the/),
        expect.stringMatching(/file names may only use/),
      ]),
    );
  });

  it("plugin manifest without configSchema (OpenClaw would skip it silently)", async () => {
    const root = makeWorkspace({
      "interventions/a-fix": {
        manifest: withPlugin("a-fix"),
        files: {
          ...pluginFiles("p-compat"),
          "plugin/openclaw.plugin.json": JSON.stringify({ id: "p-compat" }),
        },
      },
    });
    await expectProblem(
      root,
      "interventions/a-fix/plugin/openclaw.plugin.json",
      "/configSchema",
      /silently skips/,
    );
  });

  it("plugin manifest whose id differs from the declared plugin id", async () => {
    const root = makeWorkspace({
      "interventions/a-fix": { manifest: withPlugin("a-fix"), files: pluginFiles("other") },
    });
    await expectProblem(
      root,
      "interventions/a-fix/plugin/openclaw.plugin.json",
      "/id",
      /differs from "p-compat"/,
    );
  });

  it("plugin entry missing", async () => {
    const root = makeWorkspace({
      "interventions/a-fix": {
        manifest: withPlugin("a-fix"),
        files: { "plugin/openclaw.plugin.json": PLUGIN_MANIFEST("p-compat") },
      },
    });
    await expectProblem(
      root,
      "interventions/a-fix/manifest.json",
      "/effects/openclawPlugins/0/path",
      /entry src\/index.ts is missing/,
    );
  });

  it("plugin code importing from outside the package or undeclared packages", async () => {
    const root = makeWorkspace({
      "interventions/a-fix": {
        manifest: withPlugin("a-fix"),
        files: pluginFiles("p-compat", 'import "../../../b-fix/x.js";\n'),
      },
      "interventions/b-fix": {
        manifest: withPlugin("b-fix", "q-compat"),
        files: pluginFiles("q-compat", 'import { z } from "zod";\nexport default z;\n'),
      },
    });
    mkdirSync(join(root, "interventions/b-fix"), { recursive: true });
    writeFileSync(join(root, "interventions/b-fix/x.js"), "export {};\n");
    await expectProblem(
      root,
      "interventions/a-fix/manifest.json",
      "/effects/openclawPlugins/0/path",
      /leaves the package/,
    );
    await expectProblem(
      root,
      "interventions/b-fix/manifest.json",
      "/effects/openclawPlugins/0/path",
      /"zod" is not a dependency/,
    );
  });

  it.each([
    ["/match/modelIds/0", { match: { modelIds: ["vendor/x$(reboot)"], ...MANAGED } }],
    ["/match/baseUrl", { match: { modelIds: ["a/b"], ...MANAGED, baseUrl: "https://x/`id`" } }],
    ["/match/providerKey", { match: { modelIds: ["a/b"], ...MANAGED, providerKey: "inference;id" } }],
  ])("shell or code in an identifier or URL (%s)", async (pointer, override) => {
    const root = makeWorkspace({ "interventions/a-fix": { manifest: manifestFor("a-fix", override) } });
    await expectProblem(root, "interventions/a-fix/manifest.json", pointer, /shell or code/);
  });

  it("overlapping matches with conflicting effects", async () => {
    const root = makeWorkspace({
      "interventions/a-family": {
        manifest: manifestFor("a-family", {
          match: { modelIdPrefixes: ["gpt-5"], ...MANAGED },
          effects: { openclawCompat: { maxTokensField: "max_completion_tokens" } },
        }),
      },
      "interventions/b-exact": {
        manifest: manifestFor("b-exact", {
          match: { modelIds: ["openai/gpt-5.1"], ...MANAGED },
          effects: { openclawCompat: { maxTokensField: "max_tokens" } },
        }),
      },
    });
    await expectProblem(
      root,
      "interventions/b-exact/manifest.json",
      "/effects/openclawCompat",
      /can overlap with .*a-family.*a-family sets openclawCompat.maxTokensField/,
    );
  });

  it("accepts overlapping matches whose effects agree, and disjoint ones that differ", async () => {
    const root = makeWorkspace({
      "interventions/a-family": {
        manifest: manifestFor("a-family", { match: { modelIdPrefixes: ["gpt-5"], ...MANAGED } }),
      },
      "interventions/b-exact": {
        manifest: manifestFor("b-exact", { match: { modelIds: ["openai/gpt-5.1"], ...MANAGED } }),
      },
      "interventions/c-other": {
        manifest: manifestFor("c-other", {
          match: { modelIds: ["openai/gpt-50"], ...MANAGED },
          effects: { openclawTools: { toolSearch: true } },
        }),
      },
    });
    expect(await problemsOf(root)).toEqual([]);
  });

  it("invalid JSON", async () => {
    const root = makeWorkspace({ "interventions/a-fix": { manifest: "{ not json" } });
    await expectProblem(root, "interventions/a-fix/manifest.json", "", /not valid JSON/);
  });
});
