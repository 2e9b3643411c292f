/**
 * Releases through a REAL npm registry (verdaccio on 127.0.0.1, started and stopped here): every intervention
 * packs and publishes on its own; a scratch project installs released interventions with npm; the registry
 * builder makes an image context from them alone (--from-lock); and the literal `pnpm create intervention`
 * resolves create-intervention from that registry and scaffolds a package.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { checkManifestText, registrySchema, stagedPlugin } from "@model-setup/manifest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileAsync, interventionDirs, pnpmPack, REPO, tarballContents } from "../src/repo.js";
import { type Registry, startRegistry } from "../src/verdaccio.js";

const BUILDER = join(REPO, "tools/registry-builder/bin/registry-builder.js");
const CREATE_INTERVENTION = join(REPO, "tools/create-intervention");
/**
 * The scaffolder, and the packages it and the interventions' plugins depend on (a plugin bundles its declared
 * dependencies when the image context is built).
 */
const PUBLISHED_TOOLS = [
  join(REPO, "packages/manifest"),
  join(REPO, "packages/discovery"),
  join(REPO, "packages/reply-shaping"),
  CREATE_INTERVENTION,
];
const packageName = (dir: string): string =>
  (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name: string }).name;

let registry: Registry;
let work: string;
const tarballs = new Map<string, string>(); // package dir -> tarball
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  const started = Date.now();
  registry = await startRegistry();
  work = mkdtempSync(join(tmpdir(), "release-tests-"));
  env = {
    ...process.env,
    npm_config_userconfig: registry.npmrc,
    npm_config_registry: registry.url,
    npm_config_cache: join(work, "npm-cache"),
    npm_config_update_notifier: "false",
    npm_config_audit: "false",
    npm_config_fund: "false",
  };
  const packed = join(work, "packed");
  mkdirSync(packed);
  const up = Date.now();
  const dirs = [...(await interventionDirs()), ...PUBLISHED_TOOLS];
  for (const [dir, tarball] of await pnpmPack(dirs, packed)) tarballs.set(dir, tarball);
  const packedAt = Date.now();
  await Promise.all(
    [...tarballs.values()].map((tarball) =>
      execFileAsync("npm", ["publish", tarball, "--registry", registry.url], { env }),
    ),
  );
  console.log(
    `verdaccio up in ${up - started} ms, ${tarballs.size} packages packed in ${packedAt - up} ms, published in ${Date.now() - packedAt} ms`,
  );
});

afterAll(async () => {
  await registry?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("each intervention is publishable on its own", () => {
  it("packs only what a consumer needs, with no workspace protocol or private dependency", async () => {
    for (const dir of await interventionDirs()) {
      const tarball = tarballs.get(dir) as string;
      const { files, pkg } = await tarballContents(tarball);
      const source = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      expect(pkg.name).toBe(source.name);
      expect(pkg.version).toBe(source.version);
      expect(pkg.private).toBeUndefined();
      expect(JSON.stringify(pkg)).not.toContain("workspace:");
      // A plugin's dependencies are packages this release publishes too, pinned to a version.
      const published = new Set(PUBLISHED_TOOLS.map(packageName));
      for (const [name, range] of Object.entries((pkg.dependencies ?? {}) as Record<string, string>)) {
        expect(published, `${basename(dir)} depends on ${name}, which no release publishes`).toContain(name);
        expect(range).toMatch(/^\d+\.\d+\.\d+/);
      }
      expect(files).toEqual(
        expect.arrayContaining(["CHANGELOG.md", "README.md", "manifest.json", "package.json"]),
      );
      const manifest = checkManifestText(
        readFileSync(join(dir, "manifest.json"), "utf8"),
        "m",
        basename(dir),
      );
      if (!manifest.ok) throw new Error(JSON.stringify(manifest.problems));
      const pluginPaths = (manifest.manifest.effects.openclawPlugins ?? []).map((p) => p.path);
      for (const path of pluginPaths) {
        expect(files).toContain(`${path}/openclaw.plugin.json`);
        expect(files).toContain(`${path}/src/index.ts`);
      }
      const allowed = ["CHANGELOG.md", "README.md", "manifest.json", "package.json"];
      const stray = files.filter(
        (f) => !allowed.includes(f) && !pluginPaths.some((p) => f.startsWith(`${p}/`)),
      );
      expect(stray, `${basename(dir)} ships more than its manifest, docs and plugin`).toEqual([]);
    }
  });

  it("create-intervention ships its bin shim and build, depending on published packages only", async () => {
    const { files, pkg } = await tarballContents(tarballs.get(CREATE_INTERVENTION) as string);
    expect(files).toEqual(
      expect.arrayContaining(["bin/create-intervention.js", "dist/cli.js", "package.json"]),
    );
    expect(files.filter((f) => f.startsWith("test/") || f.startsWith("src/"))).toEqual([]);
    expect(JSON.stringify(pkg.dependencies)).not.toContain("workspace:");
    expect(pkg.devDependencies ?? {}).not.toHaveProperty("@model-setup/intervention-testkit", "workspace:*");
  });
});

describe("a project that installs released interventions", () => {
  it("installs them with npm and builds an image context from them alone", async () => {
    const project = join(work, "consumer");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true }));
    // Any two carried interventions, one of them with a plugin (so a bundle is staged from the release); a plugin
    // with dependencies when there is one, so they are bundled from what the registry released too.
    const carried = (await interventionDirs()).map((dir) => {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
        name: string;
        dependencies?: Record<string, string>;
      };
      const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as {
        effects: { openclawPlugins?: { id: string }[] };
      };
      const plugins = (manifest.effects.openclawPlugins ?? []).map((p) => p.id);
      return { name: pkg.name, plugins, bundlesDependencies: Object.keys(pkg.dependencies ?? {}).length > 0 };
    });
    const withPlugin =
      carried.find((c) => c.plugins.length > 0 && c.bundlesDependencies) ??
      carried.find((c) => c.plugins.length > 0);
    const other = carried.find((c) => c !== withPlugin);
    if (!withPlugin || !other) throw new Error("this test needs two interventions, one with a plugin");
    const names = [withPlugin.name, other.name];
    await execFileAsync("npm", ["install", "--save-exact", ...names], { cwd: project, env });
    const lock = JSON.parse(readFileSync(join(project, "package-lock.json"), "utf8"));
    for (const name of names) expect(lock.packages[`node_modules/${name}`].integrity).toMatch(/^sha512-/);

    const out = join(work, "image");
    const lockFile = join(project, "package-lock.json");
    const built = await execFileAsync(
      process.execPath,
      [BUILDER, "build", "--from-lock", lockFile, "--out", out],
      {
        cwd: work,
        env,
      },
    );
    expect(built.stdout).toMatch(/2 intervention\(s\)/);
    const registryJson = readFileSync(join(out, "context/model-setup-index/registry.json"), "utf8");
    const index = registrySchema.parse(JSON.parse(registryJson));
    const versionOf = (name: string) =>
      JSON.parse(readFileSync(join(project, "node_modules", name, "package.json"), "utf8")).version;
    expect(index.interventions.map((i) => i.package).sort((a, b) => (a.name < b.name ? -1 : 1))).toEqual(
      [...names].sort().map((name) => ({ name, version: versionOf(name) })),
    );
    for (const id of withPlugin.plugins) {
      const bundle = readFileSync(join(out, "context", stagedPlugin(id).path, "index.js"), "utf8");
      expect(bundle).toContain("export");
    }

    // A copy changed after install is refused: the context is built from what the registry released.
    const installedManifest = join(project, "node_modules", other.name, "manifest.json");
    const manifest = JSON.parse(readFileSync(installedManifest, "utf8"));
    writeFileSync(
      installedManifest,
      JSON.stringify({ ...manifest, description: `${manifest.description} (edited)` }),
    );
    const refused = await execFileAsync(process.execPath, [BUILDER, "check", "--from-lock", lockFile], {
      cwd: work,
      env,
    }).catch((error: { code: number; stderr: string }) => error);
    expect(refused).toMatchObject({ code: 1 });
    expect((refused as { stderr: string }).stderr).toMatch(/differs from the release: manifest.json differs/);
  });
});

describe("pnpm create intervention", () => {
  it("runs create-intervention from the registry (pnpm dlx) and scaffolds a package", async () => {
    const workspace = join(work, "workspace");
    mkdirSync(join(workspace, "interventions"), { recursive: true });
    writeFileSync(join(workspace, "pnpm-workspace.yaml"), "packages:\n  - interventions/*\n");
    writeFileSync(join(workspace, "package.json"), JSON.stringify({ name: "ws", private: true }));
    const args = [
      "create",
      "intervention",
      "--yes",
      "--id",
      "from-registry",
      "--description",
      "Published scaffold.",
      "--evidence",
      "#1",
      "--remove-when",
      "Never.",
    ];
    const result = await execFileAsync(
      "pnpm",
      [...args, "--model-ids", "vendor/model-1", "--tool-search-off"],
      { cwd: workspace, env: { ...env, npm_config_cache_dir: join(work, "pnpm-cache") } },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\nverdaccio log:\n${registry.log()}`);
    });
    expect(result.stdout).toContain("created interventions/from-registry");
    const manifest = checkManifestText(
      readFileSync(join(workspace, "interventions/from-registry/manifest.json"), "utf8"),
      "manifest.json",
      "from-registry",
    );
    expect(manifest.ok && manifest.manifest.effects).toEqual({ openclawTools: { toolSearch: false } });
  });
});
