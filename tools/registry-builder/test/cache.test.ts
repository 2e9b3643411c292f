import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type AssembleResult,
  assemble,
  BuildCache,
  DEFAULT_CACHE_DIR,
  discoverWorkspace,
  packageKey,
} from "../src/index.js";
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
    "interventions/c-fix": {},
  });
}

async function build(root: string, cache?: BuildCache): Promise<AssembleResult> {
  const discovery = await discoverWorkspace(root);
  expect(discovery.problems).toEqual([]);
  return assemble(discovery.packages, cache ? { cache } : {});
}

function bytes(result: AssembleResult) {
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return {
    tarball: result.output.tarball.toString("base64"),
    files: result.output.files.map((f) => ({ path: f.path, mode: f.mode, content: f.content.toString() })),
  };
}

const cacheDir = () => mkdtempSync(join(tmpdir(), "msetup-cache-"));

/** Package entries of a cache folder (the build states of outputs live apart, under outputs/). */
function entries(dir: string, under = ""): string[] {
  if (!existsSync(join(dir, under))) return [];
  return readdirSync(join(dir, under), { recursive: true, encoding: "utf8" })
    .map((name) => join(under, name))
    .filter((name) => name.endsWith(".json") && (under !== "" || !name.startsWith("outputs")))
    .map((name) => join(dir, name))
    .sort();
}

async function keyOf(root: string, dir: string): Promise<string | undefined> {
  const { packages } = await discoverWorkspace(root);
  const pkg = packages.find((p) => p.dir.endsWith(dir));
  if (!pkg) throw new Error(`no package ${dir}`);
  return packageKey(pkg);
}

function writeEntry(file: string, body: string): void {
  writeFileSync(file, `${createHash("sha256").update(body).digest("hex")}\n${body}`);
}

describe("per-package build cache", () => {
  it("gives byte-identical output without cache, with a cold cache and with a warm cache", async () => {
    const root = fixture();
    const cache = new BuildCache(cacheDir());
    const plain = bytes(await build(root));
    const cold = await build(root, cache);
    expect(cache.stats).toEqual({ hits: 0, misses: 3, rejected: 0 });
    const warmCache = new BuildCache(cache.dir);
    const warm = await build(root, warmCache);
    expect(warmCache.stats).toEqual({ hits: 3, misses: 0, rejected: 0 });
    expect(bytes(cold)).toEqual(plain);
    expect(bytes(warm)).toEqual(plain);
    if (!warm.ok) throw new Error("unreachable");
    expect(warm.interventions.map((i) => i.manifest.id)).toEqual(["a-fix", "b-fix", "c-fix"]);
  });

  it("rebuilds only the package whose file content, mode, file set or symlink changed", async () => {
    const root = fixture();
    const dir = cacheDir();
    await build(root, new BuildCache(dir));
    const helper = join(root, "interventions/a-fix/plugin/src/helper.ts");
    const before = await keyOf(root, "a-fix");

    writeFileSync(helper, "export function helper(): number { return 2; }\n");
    const afterContent = await keyOf(root, "a-fix");
    expect(afterContent).not.toBe(before);
    const cache = new BuildCache(dir);
    const rebuilt = await build(root, cache);
    expect(cache.stats).toEqual({ hits: 2, misses: 1, rejected: 0 });
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

  it("ignores test/ and node_modules/ of a package, but not its other files", async () => {
    const root = fixture();
    const before = await keyOf(root, "a-fix");
    writeFileSync(join(root, "interventions/a-fix/test/a.test.ts"), "// changed\n");
    addPackage(root, "interventions/a-fix/node_modules/x", {});
    expect(await keyOf(root, "a-fix")).toBe(before);
    writeFileSync(join(root, "interventions/a-fix/README.md"), "docs are inputs\n");
    expect(await keyOf(root, "a-fix")).not.toBe(before);
  });

  it("misses when a package folder is renamed (the id must match the folder)", async () => {
    const dir = cacheDir();
    await build(fixture(), new BuildCache(dir));
    const renamed = makeWorkspace({ "interventions/c-fix-renamed": { manifest: manifestFor("c-fix") } });
    const cache = new BuildCache(dir);
    const result = await build(renamed, cache);
    expect(result.ok).toBe(false);
    expect(cache.stats.hits).toBe(0);
  });

  it("ignores corrupted, truncated or foreign entries and rebuilds them", async () => {
    const root = fixture();
    const dir = cacheDir();
    const expected = bytes(await build(root, new BuildCache(dir)));
    const files = entries(dir);
    expect(files).toHaveLength(3);
    const [first, second, third] = files as [string, string, string];
    const foreign = readFileSync(first);
    writeFileSync(first, "garbage");
    writeFileSync(second, readFileSync(second, "utf8").slice(0, 100));
    // A well-formed entry of another package under this key: its checksum holds but the key inside differs.
    writeFileSync(third, foreign);
    const cache = new BuildCache(dir);
    expect(bytes(await build(root, cache))).toEqual(expected);
    expect(cache.stats).toEqual({ hits: 0, misses: 3, rejected: 3 });
    const again = new BuildCache(dir);
    expect(bytes(await build(root, again))).toEqual(expected);
    expect(again.stats).toEqual({ hits: 3, misses: 0, rejected: 0 });
  });

  it("rejects an entry whose checksum holds but whose bundle does not match its hash", async () => {
    const root = fixture();
    const dir = cacheDir();
    const expected = bytes(await build(root, new BuildCache(dir)));
    const withPlugin = entries(dir).find((file) => readFileSync(file, "utf8").includes("a-compat"));
    if (!withPlugin) throw new Error("no plugin entry");
    const body = JSON.parse(readFileSync(withPlugin, "utf8").split("\n")[1] as string);
    body.plugins[0].bundle = Buffer.from("export default 1;\n").toString("base64");
    writeEntry(withPlugin, JSON.stringify(body));
    const cache = new BuildCache(dir);
    expect(bytes(await build(root, cache))).toEqual(expected);
    expect(cache.stats).toEqual({ hits: 2, misses: 1, rejected: 1 });
  });

  it("never caches failing packages; builds uncacheable ones (link leaving the package) afresh", async () => {
    const outside = mkdtempSync(join(tmpdir(), "msetup-outside-"));
    writeFileSync(join(outside, "notes.md"), "outside\n");
    const root = fixture();
    addPackage(root, "interventions/d-fix", { manifest: "{" });
    const dir = cacheDir();
    expect((await build(root, new BuildCache(dir))).ok).toBe(false);
    expect(entries(dir)).toEqual([]);

    const linked = makeWorkspace({ "interventions/c-fix": {} });
    symlinkSync(join(outside, "notes.md"), join(linked, "interventions/c-fix/notes.md"));
    expect(await keyOf(linked, "c-fix")).toBeUndefined();
    const cache = new BuildCache(dir);
    expect(bytes(await build(linked, cache))).toEqual(bytes(await build(linked)));
    expect(entries(dir)).toEqual([]);
  });

  it("CLI: caches under <workspace>/node_modules/.cache by default; --no-cache; --cache-dir", () => {
    const root = fixture();
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [CLI, "build", "--workspace", root, ...args], { encoding: "utf8" });
    const noCache = run("--out", join(root, "out0"), "--no-cache");
    expect(noCache.status, noCache.stderr).toBe(0);
    expect(existsSync(join(root, DEFAULT_CACHE_DIR))).toBe(false);
    expect(run("--out", join(root, "out1")).status).toBe(0);
    expect(entries(join(root, DEFAULT_CACHE_DIR))).toHaveLength(3);
    expect(entries(join(root, DEFAULT_CACHE_DIR), "outputs")).toHaveLength(1);
    const custom = join(root, "custom-cache");
    expect(run("--out", join(root, "out2"), "--cache-dir", custom).status).toBe(0);
    expect(entries(custom)).toHaveLength(3);
    expect(run("--out", join(root, "out3")).status).toBe(0);
    expect(entries(join(root, DEFAULT_CACHE_DIR), "outputs")).toHaveLength(2);
    const tar = (n: number) => readFileSync(join(root, `out${n}`, "context.tar"));
    for (const n of [1, 2, 3]) expect(tar(n).equals(tar(0))).toBe(true);
  });
});
