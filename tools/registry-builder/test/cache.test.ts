/**
 * The bundle cache: a hit is exactly what bundling afresh gives, any change to what a bundle can read misses,
 * and a damaged entry is ignored.
 */
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { discoverWorkspace } from "@model-setup/discovery";
import { describe, expect, it } from "vitest";
import { type AssembleResult, assemble, BundleCache, DEFAULT_CACHE_DIR, packageKey } from "../src/index.js";
import { addPackage, CLI, makeWorkspace, manifestFor, pluginFiles, withPlugin } from "./workspace.js";

function fixture(): string {
  return makeWorkspace({
    "interventions/a-fix": {
      manifest: withPlugin("a-fix", "a-compat"),
      files: {
        ...pluginFiles(
          "a-compat",
          'import { helper } from "./helper.js";\nexport default { id: "a-compat", register() { helper(); } };\n',
        ),
        "plugin/src/helper.ts": "export function helper(): number { return 1; }\n",
        "test/a.test.ts": "// not an input\n",
      },
    },
    "interventions/b-fix": {
      manifest: manifestFor("b-fix", {
        match: { modelIdPrefixes: ["b-family"], providerKey: "inference" },
        effects: { openclawCompat: { supportsStore: false } },
      }),
    },
  });
}

async function build(root: string, cache?: BundleCache): Promise<AssembleResult> {
  const discovery = await discoverWorkspace(root);
  expect(discovery.problems).toEqual([]);
  return assemble(discovery.packages, cache ? { cache } : {});
}

function bytes(result: AssembleResult) {
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.output.tarball.toString("base64");
}

const cacheDir = () => mkdtempSync(join(tmpdir(), "msetup-cache-"));

/** Bundle files of a cache folder. */
function entries(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".js"))
    .map((name) => join(dir, name))
    .sort();
}

async function keyOf(root: string, dir: string): Promise<string | undefined> {
  const { packages } = await discoverWorkspace(root);
  const pkg = packages.find((p) => p.dir.endsWith(dir));
  if (!pkg) throw new Error(`no package ${dir}`);
  return packageKey(pkg);
}

describe("bundle cache", () => {
  it("gives byte-identical output without cache, with a cold cache and with a warm cache", async () => {
    const root = fixture();
    const plain = bytes(await build(root));
    const cold = new BundleCache(cacheDir());
    expect(bytes(await build(root, cold))).toEqual(plain);
    expect(cold.stats).toEqual({ hits: 0, misses: 1 });
    const warm = new BundleCache(cold.dir);
    expect(bytes(await build(root, warm))).toEqual(plain);
    expect(warm.stats).toEqual({ hits: 1, misses: 0 });
  });

  it("misses when a file's content, mode, the file set or a link changes", async () => {
    const root = fixture();
    const dir = cacheDir();
    await build(root, new BundleCache(dir));
    const helper = join(root, "interventions/a-fix/plugin/src/helper.ts");
    const before = await keyOf(root, "a-fix");

    writeFileSync(helper, "export function helper(): number { return 2; }\n");
    const afterContent = await keyOf(root, "a-fix");
    expect(afterContent).not.toBe(before);
    const cache = new BundleCache(dir);
    const rebuilt = await build(root, cache);
    expect(cache.stats).toEqual({ hits: 0, misses: 1 });
    expect(bytes(rebuilt)).toEqual(bytes(await build(root)));
    const bundle = rebuilt.ok
      ? rebuilt.output.files.find((f) => f.path.endsWith("a-compat/index.js"))
      : undefined;
    expect(bundle?.content.toString()).toContain("return 2");

    chmodSync(helper, 0o755);
    const afterMode = await keyOf(root, "a-fix");
    expect(afterMode).not.toBe(afterContent);
    writeFileSync(join(root, "interventions/a-fix/plugin/src/extra.ts"), "export {};\n");
    const afterAdd = await keyOf(root, "a-fix");
    expect(afterAdd).not.toBe(afterMode);
    symlinkSync("extra.ts", join(root, "interventions/a-fix/plugin/src/link.ts"));
    expect(await keyOf(root, "a-fix")).not.toBe(afterAdd);
  });

  it("ignores the folders a bundle may not read (test/, node_modules/), but not the package's other files", async () => {
    const root = fixture();
    const before = await keyOf(root, "a-fix");
    writeFileSync(join(root, "interventions/a-fix/test/a.test.ts"), "// changed\n");
    addPackage(root, "interventions/a-fix/node_modules/x", {});
    expect(await keyOf(root, "a-fix")).toBe(before);
    writeFileSync(join(root, "interventions/a-fix/README.md"), "docs are inputs\n");
    expect(await keyOf(root, "a-fix")).not.toBe(before);
  });

  it("bundles a workspace dependency (linked, not installed) and misses when any of its files changes", async () => {
    const root = makeWorkspace({
      "interventions/a-fix": {
        manifest: withPlugin("a-fix", "a-compat"),
        pkg: { dependencies: { "@test/shared": "workspace:*" } },
        files: pluginFiles(
          "a-compat",
          'import { shared } from "@test/shared";\nexport default { id: "a-compat", register() { shared(); } };\n',
        ),
      },
    });
    const shared = join(root, "packages/shared");
    mkdirSync(join(shared, "dist"), { recursive: true });
    writeFileSync(
      join(shared, "package.json"),
      JSON.stringify({ name: "@test/shared", type: "module", exports: "./dist/index.js" }),
    );
    writeFileSync(join(shared, "dist/index.js"), "export function shared() { return 1; }\n");
    mkdirSync(join(root, "interventions/a-fix/node_modules/@test"), { recursive: true });
    symlinkSync(shared, join(root, "interventions/a-fix/node_modules/@test/shared"));
    const before = await keyOf(root, "a-fix");
    const built = await build(root, new BundleCache(cacheDir()));
    expect(built.ok && built.output.files.some((f) => String(f.content).includes("return 1"))).toBe(true);
    writeFileSync(join(shared, "dist/index.js"), "export function shared() { return 2; }\n");
    expect(await keyOf(root, "a-fix")).not.toBe(before);
  });

  it("ignores an entry whose bytes no longer match its hash, and bundles afresh", async () => {
    const root = fixture();
    const dir = cacheDir();
    const expected = bytes(await build(root, new BundleCache(dir)));
    const [entry] = entries(dir);
    if (!entry) throw new Error("no entry");
    writeFileSync(entry, "export default 1;\n");
    const cache = new BundleCache(dir);
    expect(bytes(await build(root, cache))).toEqual(expected);
    expect(cache.stats).toEqual({ hits: 0, misses: 1 });
  });

  it("never caches a failing bundle; bundles an uncacheable package (link leaving it) afresh", async () => {
    const dir = cacheDir();
    const broken = makeWorkspace({
      "interventions/a-fix": {
        manifest: withPlugin("a-fix", "a-compat"),
        files: pluginFiles("a-compat", 'import "./missing.js";\n'),
      },
    });
    expect((await build(broken, new BundleCache(dir))).ok).toBe(false);
    expect(entries(dir)).toEqual([]);

    const outside = mkdtempSync(join(tmpdir(), "msetup-outside-"));
    writeFileSync(join(outside, "notes.md"), "outside\n");
    const linked = fixture();
    symlinkSync(join(outside, "notes.md"), join(linked, "interventions/a-fix/notes.md"));
    expect(await keyOf(linked, "a-fix")).toBeUndefined();
    expect(bytes(await build(linked, new BundleCache(dir)))).toEqual(bytes(await build(linked)));
    expect(entries(dir)).toEqual([]);
  });

  it("CLI: caches under <workspace>/node_modules/.cache by default; --no-cache; --cache-dir", () => {
    const root = fixture();
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [CLI, "build", "--workspace", root, ...args], { encoding: "utf8" });
    const noCache = run("--out", join(root, "out0"), "--no-cache");
    expect(noCache.status, noCache.stderr).toBe(0);
    expect(existsSync(join(root, DEFAULT_CACHE_DIR))).toBe(false);
    const first = run("--out", join(root, "out1"));
    expect(first.stdout).toContain("bundle cache: 0 reused, 1 bundled");
    expect(entries(join(root, DEFAULT_CACHE_DIR))).toHaveLength(1);
    const custom = join(root, "custom-cache");
    expect(run("--out", join(root, "out2"), "--cache-dir", custom).status).toBe(0);
    expect(entries(custom)).toHaveLength(1);
    expect(run("--out", join(root, "out3")).stdout).toContain("bundle cache: 1 reused, 0 bundled");
    const tar = (n: number) =>
      spawnSync("sha256sum", [join(root, `out${n}`, "context.tar")])
        .stdout.toString()
        .split(" ")[0];
    for (const n of [1, 2, 3]) expect(tar(n)).toBe(tar(0));
  });
});
