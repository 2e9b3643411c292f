import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { registrySchema, setupRecordSchema } from "@model-setup/manifest";
import { describe, expect, it } from "vitest";

// Checks the image context exactly as `pnpm turbo build` produced it (this package's build script).
const dist = fileURLToPath(new URL("../dist", import.meta.url));
const context = join(dist, "context");
const interventionsDir = fileURLToPath(new URL("../../../interventions", import.meta.url));

const read = (path: string) => readFileSync(join(context, path));
const sha = (content: Buffer) => createHash("sha256").update(content).digest("hex");

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

describe("the built image context", () => {
  const registry = registrySchema.parse(JSON.parse(read("model-specific-setup/registry.json").toString()));
  const workspaceInterventions = readdirSync(interventionsDir)
    .filter((name) => existsSync(join(interventionsDir, name, "manifest.json")))
    .sort();

  it("holds every intervention folder of the workspace, with its package version", () => {
    expect(workspaceInterventions.length).toBeGreaterThanOrEqual(7);
    expect(registry.interventions.map((entry) => entry.id)).toEqual(workspaceInterventions);
    for (const entry of registry.interventions) {
      const pkg = JSON.parse(readFileSync(join(interventionsDir, entry.id, "package.json"), "utf8"));
      expect(entry.package).toEqual({ name: pkg.name, version: pkg.version });
    }
  });

  it("stages one valid record per intervention under model-specific-setup/<agent>/<id>.json", () => {
    for (const entry of registry.interventions) {
      const record = setupRecordSchema.parse(
        JSON.parse(read(`model-specific-setup/${entry.record}`).toString()),
      );
      expect(entry.record).toBe(`${entry.agent}/${entry.id}.json`);
      expect(record).toEqual(entry.manifest);
    }
  });

  it("records the sha256 of every staged file", () => {
    for (const entry of registry.interventions) {
      for (const [path, hash] of Object.entries(entry.files)) expect(sha(read(path)), path).toBe(hash);
    }
  });

  it("stages loadable plugins: id + configSchema, package.json entry, one self-contained bundle", () => {
    const plugins = registry.interventions.flatMap((entry) => entry.manifest.effects.openclawPlugins ?? []);
    expect(plugins.map((plugin) => plugin.id).sort()).toEqual([
      "gemini-inference-compat",
      "kimi-inference-compat",
    ]);
    for (const plugin of plugins) {
      const dir = join(context, plugin.path);
      expect(readdirSync(dir).sort()).toEqual(["index.js", "openclaw.plugin.json", "package.json"]);
      const manifest = JSON.parse(readFileSync(join(dir, "openclaw.plugin.json"), "utf8"));
      expect(manifest.id).toBe(plugin.id);
      expect(manifest.configSchema).toMatchObject({ type: "object" });
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      expect(pkg.openclaw.extensions).toEqual(["./index.js"]);
      const bundle = readFileSync(join(dir, "index.js"), "utf8");
      const imports = [...bundle.matchAll(/(?:^|\s)(?:import|export)\s[^;]*?from\s*["']([^"']+)["']/gm)].map(
        (m) => m[1],
      );
      expect(imports.filter((spec) => !spec?.startsWith("node:"))).toEqual([]);
      expect(bundle).toMatch(/export\s*\{[^}]*as default/);
      expect(plugin.loadPath).toBe(`/usr/local/share/nemoclaw/openclaw-plugins/${plugin.id}`);
    }
    const gemini = JSON.parse(
      read("openclaw-plugins/gemini-inference-compat/openclaw.plugin.json").toString(),
    );
    expect(gemini.providerEndpoints).toEqual([
      { endpointClass: "google-generative-ai", baseUrls: ["https://inference.local/v1"] },
    ]);
  });

  it("contains no node_modules and only fixed modes", () => {
    const files = walk(context);
    expect(files.some((file) => file.includes("node_modules"))).toBe(false);
    for (const file of files) expect(statSync(file).mode & 0o7777, relative(context, file)).toBe(0o644);
  });

  it("stages every plugin through one generic Dockerfile stanza", () => {
    const dockerfile = read("Dockerfile").toString();
    expect(dockerfile).toContain("COPY openclaw-plugins/ /usr/local/share/nemoclaw/openclaw-plugins/");
    expect(dockerfile).not.toMatch(/kimi|gemini/);
  });

  it("ships a tarball whose recorded sha256 matches", () => {
    const tarball = readFileSync(join(dist, "context.tar"));
    expect(readFileSync(join(dist, "context.tar.sha256"), "utf8")).toBe(`${sha(tarball)}  context.tar\n`);
  });
});
