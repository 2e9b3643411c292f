import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { discoverWorkspace } from "@model-setup/discovery";
import {
  compareCodePoints,
  indexRecordSchema,
  joinUpstreamRecord,
  REGISTRY_FILE,
  registrySchema,
  SETUP_DIR,
  SETUP_INDEX_DIR,
  setupRecordSchema,
  stagedPlugin,
  upstreamRecordSchema,
} from "@model-setup/manifest";
import { describe, expect, it } from "vitest";

// Checks the image context exactly as `pnpm turbo build` produced it (this package's build script).
const dist = fileURLToPath(new URL("../dist", import.meta.url));
const context = join(dist, "context");
const REPO = fileURLToPath(new URL("../../..", import.meta.url));

const read = (path: string) => readFileSync(join(context, path));
const sha = (content: Buffer) => createHash("sha256").update(content).digest("hex");

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** The interventions of the workspace, as discovery finds them, with their manifests as written. */
const discovered = (await discoverWorkspace(REPO)).packages.map((pkg) => ({
  pkg,
  manifest: JSON.parse(readFileSync(pkg.manifestFile, "utf8")) as {
    id: string;
    effects: { openclawPlugins?: { id: string; path: string }[] };
  },
}));

describe("the built image context", () => {
  const registry = registrySchema.parse(JSON.parse(read(`${SETUP_INDEX_DIR}/${REGISTRY_FILE}`).toString()));

  it("holds every intervention of the workspace, with its package version", () => {
    expect(discovered.length).toBeGreaterThan(0);
    const byId = [...discovered].sort((a, b) => compareCodePoints(a.manifest.id, b.manifest.id));
    expect(registry.interventions.map((entry) => entry.id)).toEqual(byId.map((d) => d.manifest.id));
    expect(registry.interventions.map((entry) => entry.package)).toEqual(
      byId.map(({ pkg }) => ({ name: pkg.name, version: pkg.version })),
    );
  });

  it("keeps model-specific-setup/ to schema.json and upstream's records; index and registry.json sit beside it", () => {
    const setup = walk(join(context, SETUP_DIR)).map((file) => relative(join(context, SETUP_DIR), file));
    const upstream = registry.interventions.flatMap((entry) => entry.records.upstream ?? []);
    expect(upstream.length).toBeGreaterThan(0);
    expect(setup.sort(compareCodePoints)).toEqual(["schema.json", ...upstream].sort(compareCodePoints));
    expect(statSync(join(context, SETUP_INDEX_DIR, "openclaw", "any-model.json")).isFile()).toBe(true);
  });

  it("stages every intervention whole: its index half joined with its upstream half is its record", () => {
    for (const entry of registry.interventions) {
      const index = indexRecordSchema.parse(
        JSON.parse(read(`${SETUP_INDEX_DIR}/${entry.records.index}`).toString()),
      );
      const upstream = entry.records.upstream
        ? upstreamRecordSchema.parse(JSON.parse(read(`${SETUP_DIR}/${entry.records.upstream}`).toString()))
        : undefined;
      expect(entry.records.index).toBe(`${entry.agent}/records/${entry.id}.json`);
      expect(setupRecordSchema.parse(joinUpstreamRecord(upstream, index))).toEqual(entry.manifest);
    }
  });

  it("records the sha256 of every staged file", () => {
    for (const entry of registry.interventions) {
      for (const [path, hash] of Object.entries(entry.files)) expect(sha(read(path)), path).toBe(hash);
    }
  });

  it("stages loadable plugins: id + configSchema, package.json entry, one self-contained bundle", () => {
    const plugins = registry.interventions.flatMap((entry) => entry.manifest.effects.openclawPlugins ?? []);
    const declared = discovered.flatMap(({ pkg, manifest }) =>
      (manifest.effects.openclawPlugins ?? []).map((plugin) => ({
        ...plugin,
        dir: join(pkg.dir, plugin.path),
      })),
    );
    expect(plugins.map((plugin) => plugin.id).sort()).toEqual(declared.map((plugin) => plugin.id).sort());
    for (const plugin of plugins) {
      const dir = join(context, plugin.path);
      expect(readdirSync(dir).sort()).toEqual(["index.js", "openclaw.plugin.json", "package.json"]);
      const manifest = JSON.parse(readFileSync(join(dir, "openclaw.plugin.json"), "utf8"));
      expect(manifest.id).toBe(plugin.id);
      // Staged as the package wrote it (provider endpoints and all), only re-serialised.
      const source = declared.find((d) => d.id === plugin.id)?.dir as string;
      expect(manifest).toEqual(JSON.parse(readFileSync(join(source, "openclaw.plugin.json"), "utf8")));
      expect(manifest.configSchema).toMatchObject({ type: "object" });
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      expect(pkg.openclaw.extensions).toEqual(["./index.js"]);
      const bundle = readFileSync(join(dir, "index.js"), "utf8");
      const imports = [...bundle.matchAll(/(?:^|\s)(?:import|export)\s[^;]*?from\s*["']([^"']+)["']/gm)].map(
        (m) => m[1],
      );
      expect(imports.filter((spec) => !spec?.startsWith("node:"))).toEqual([]);
      expect(bundle).toMatch(/export\s*\{[^}]*as default/);
      expect(plugin.loadPath).toBe(stagedPlugin(plugin.id).loadPath);
    }
  });

  it("contains no node_modules and only fixed modes", () => {
    const files = walk(context);
    expect(files.some((file) => file.includes("node_modules"))).toBe(false);
    for (const file of files) expect(statSync(file).mode & 0o7777, relative(context, file)).toBe(0o644);
  });

  it("stages every plugin through one generic Dockerfile stanza", () => {
    const dockerfile = read("Dockerfile").toString();
    expect(dockerfile).toContain("COPY openclaw-plugins/ /usr/local/share/nemoclaw/openclaw-plugins/");
    expect(dockerfile).toContain(
      "COPY model-specific-setup/ /usr/local/share/nemoclaw/model-specific-setup/",
    );
    expect(dockerfile).toContain("COPY model-setup-index/ /usr/local/share/nemoclaw/model-setup-index/");
    for (const { manifest } of discovered) {
      expect(dockerfile).not.toContain(manifest.id);
      for (const plugin of manifest.effects.openclawPlugins ?? [])
        expect(dockerfile).not.toContain(plugin.id);
    }
  });

  it("ships a tarball whose recorded sha256 matches", () => {
    const tarball = readFileSync(join(dist, "context.tar"));
    expect(readFileSync(join(dist, "context.tar.sha256"), "utf8")).toBe(`${sha(tarball)}  context.tar\n`);
  });
});
