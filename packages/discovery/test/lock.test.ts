/**
 * Building from released interventions: lock parsing, integrity, safe extraction and the comparison with the
 * installed copy. Tarballs are made here; the real-registry path (npm pack against verdaccio) is proven in
 * tools/release-tests.
 */
import { existsSync, mkdirSync, mkdtempSync, realpathSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { pack } from "tar-stream";
import { describe, expect, it } from "vitest";
import {
  discoverFromLock,
  integrityOf,
  type LockEntry,
  parseLock,
  sriSha512,
  tarballFiles,
} from "../src/index.js";
import { manifestFor, pluginFiles } from "../src/testing.js";

type Entry = { name: string; content?: string; type?: "file" | "symlink"; linkname?: string };

async function tgz(entries: Entry[]): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on("data", (chunk: unknown) => chunks.push(chunk as Buffer));
  const done = new Promise<void>((resolve) => archive.on("end", () => resolve()));
  for (const entry of entries) {
    if (entry.type === "symlink")
      archive.entry({ name: entry.name, type: "symlink", linkname: entry.linkname });
    else archive.entry({ name: entry.name }, entry.content ?? "");
  }
  archive.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}

/** A released intervention package: its files (package/ prefix added) and tarball. */
async function release(id: string, version: string, extra: Record<string, string> = {}) {
  const files: Record<string, string> = {
    "package.json": JSON.stringify({
      name: `@rel/${id}`,
      version,
      modelSetup: { manifest: "manifest.json" },
      files: ["manifest.json", "plugin"],
    }),
    "manifest.json": JSON.stringify(
      manifestFor(id, { effects: { openclawPlugins: [{ id: `${id}-plugin`, path: "plugin" }] } }),
    ),
    ...pluginFiles(`${id}-plugin`),
    ...extra,
  };
  const tarball = await tgz(
    Object.entries(files).map(([name, content]) => ({ name: `package/${name}`, content })),
  );
  const entry: LockEntry = { name: `@rel/${id}`, version, integrity: integrityOf(tarball) };
  return { files, tarball, entry };
}

function install(root: string, name: string, files: Record<string, string>) {
  for (const [path, content] of Object.entries(files)) {
    const target = join(root, "node_modules", name, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}

function fetcherOf(tarballs: Map<string, Buffer>) {
  return async (entry: LockEntry, dir: string) => {
    const bytes = tarballs.get(`${entry.name}@${entry.version}`);
    if (!bytes) throw new Error(`404 ${entry.name}`);
    const file = join(dir, "t.tgz");
    writeFileSync(file, bytes);
    return file;
  };
}

const SHA = `sha512-${"A".repeat(86)}==`;

describe("parseLock", () => {
  it("reads the top-level packages of an npm lock, skipping nested ones and links", () => {
    const lock = {
      lockfileVersion: 3,
      packages: {
        "": { name: "scratch" },
        "node_modules/@rel/a": { version: "1.0.1", integrity: SHA, resolved: "http://x/a.tgz" },
        "node_modules/zod": { version: "4.0.0", integrity: `sha1-abc ${SHA}` },
        "node_modules/zod/node_modules/inner": { version: "1.0.0", integrity: SHA },
        "node_modules/local": { resolved: "../local", link: true },
      },
    };
    const parsed = parseLock(JSON.stringify(lock), "package-lock.json");
    expect(parsed).toEqual({
      ok: true,
      kind: "npm",
      entries: [
        { name: "@rel/a", version: "1.0.1", integrity: SHA },
        { name: "zod", version: "4.0.0", integrity: `sha1-abc ${SHA}` },
      ],
    });
  });

  it("reads the plain form and refuses bad entries with a pointer", () => {
    const good = { interventions: [{ name: "@rel/a", version: "2.0.0", integrity: SHA }] };
    expect(parseLock(JSON.stringify(good), "l.json")).toMatchObject({ ok: true, kind: "plain" });
    const bad = { interventions: [{ name: "@rel/a", version: "^2", integrity: "sha1-xyz" }] };
    const parsed = parseLock(JSON.stringify(bad), "l.json");
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.problems.map((p) => p.pointer).sort()).toEqual([
        "/interventions/0/integrity",
        "/interventions/0/version",
      ]);
    }
  });

  it("refuses duplicates, non-JSON and other shapes", () => {
    const twice = { interventions: [1, 2].map(() => ({ name: "@rel/a", version: "1.0.0", integrity: SHA })) };
    expect(parseLock(JSON.stringify(twice), "l")).toMatchObject({ ok: false });
    expect(parseLock("{", "l")).toMatchObject({ ok: false });
    expect(parseLock(JSON.stringify({ lockfileVersion: 1, dependencies: {} }), "l")).toMatchObject({
      ok: false,
    });
  });

  it("takes the sha512 out of a multi-hash SRI string", () => {
    expect(sriSha512(`sha256-abc ${SHA}`)).toBe(SHA.slice(7));
    expect(sriSha512("sha256-abc")).toBeUndefined();
  });
});

describe("tarballFiles", () => {
  it("strips package/ and refuses links and escaping paths", async () => {
    const files = await tarballFiles(await tgz([{ name: "package/a/b.txt", content: "x" }]));
    expect([...files.keys()]).toEqual(["a/b.txt"]);
    await expect(
      tarballFiles(await tgz([{ name: "package/l", type: "symlink", linkname: "/etc/passwd" }])),
    ).rejects.toThrow(/symlink/);
    await expect(tarballFiles(await tgz([{ name: "package/../x", content: "x" }]))).rejects.toThrow(/unsafe/);
  });
});

describe("discoverFromLock", () => {
  it("builds an image context from verified releases, recording their versions", async () => {
    const root = mkdtempSync(join(tmpdir(), "lock-"));
    const a = await release("a-fix", "1.2.0");
    const b = await release("b-fix", "0.3.1");
    install(root, "@rel/a-fix", a.files);
    install(root, "@rel/b-fix", b.files);
    install(root, "left-pad", {
      "package.json": JSON.stringify({ name: "left-pad", version: "1.0.0", main: "index.js" }),
      "index.js": "module.exports = () => 0;",
    });
    const lock = {
      lockfileVersion: 3,
      packages: Object.fromEntries([
        ["node_modules/@rel/a-fix", a.entry],
        ["node_modules/@rel/b-fix", b.entry],
        ["node_modules/left-pad", { version: "1.0.0", integrity: SHA }],
      ]),
    };
    writeFileSync(join(root, "package-lock.json"), JSON.stringify(lock));
    const tarballs = new Map([
      [`${a.entry.name}@${a.entry.version}`, a.tarball],
      [`${b.entry.name}@${b.entry.version}`, b.tarball],
    ]);
    const discovery = await discoverFromLock(join(root, "package-lock.json"), {
      workDir: mkdtempSync(join(tmpdir(), "lock-work-")),
      fetchTarball: fetcherOf(tarballs), // left-pad is no intervention: never fetched
    });
    expect(discovery.problems).toEqual([]);
    expect(discovery.packages.map((p) => [p.name, p.version])).toEqual([
      ["@rel/a-fix", "1.2.0"],
      ["@rel/b-fix", "0.3.1"],
    ]);
    // The release as extracted: its manifest and plugin, ready for the builder.
    for (const pkg of discovery.packages) {
      expect(existsSync(pkg.manifestFile)).toBe(true);
      expect(existsSync(join(pkg.dir, "plugin/openclaw.plugin.json"))).toBe(true);
      // Its plugin's dependencies resolve from what the package manager installed beside the lock.
      const required = createRequire(join(pkg.dir, "plugin/src/index.ts"));
      expect(realpathSync(required.resolve("left-pad"))).toBe(
        realpathSync(join(root, "node_modules/left-pad/index.js")),
      );
    }
  });

  it("refuses a tarball whose integrity differs from the lock", async () => {
    const root = mkdtempSync(join(tmpdir(), "lock-"));
    const a = await release("a-fix", "1.0.0");
    const evil = await release("a-fix", "1.0.0", {
      "plugin/src/index.ts": "export default { evil: true };\n",
    });
    writeFileSync(join(root, "lock.json"), JSON.stringify({ interventions: [a.entry] }));
    const discovery = await discoverFromLock(join(root, "lock.json"), {
      workDir: mkdtempSync(join(tmpdir(), "lock-work-")),
      fetchTarball: fetcherOf(new Map([["@rel/a-fix@1.0.0", evil.tarball]])),
    });
    expect(discovery.packages).toEqual([]);
    expect(discovery.problems[0]?.message).toMatch(/integrity .* does not match the lock/);
  });

  it("refuses an installed copy that was changed after install, or of another version", async () => {
    const root = mkdtempSync(join(tmpdir(), "lock-"));
    const a = await release("a-fix", "1.0.0");
    install(root, "@rel/a-fix", { ...a.files, "manifest.json": JSON.stringify(manifestFor("a-fix")) });
    writeFileSync(join(root, "lock.json"), JSON.stringify({ interventions: [a.entry] }));
    const options = {
      workDir: mkdtempSync(join(tmpdir(), "lock-work-")),
      fetchTarball: fetcherOf(new Map([["@rel/a-fix@1.0.0", a.tarball]])),
    };
    const changed = await discoverFromLock(join(root, "lock.json"), options);
    expect(changed.problems[0]?.message).toMatch(/differs from the release: manifest.json differs/);

    install(root, "@rel/a-fix", { "package.json": JSON.stringify({ name: "@rel/a-fix", version: "0.9.0" }) });
    const older = await discoverFromLock(join(root, "lock.json"), {
      ...options,
      workDir: mkdtempSync(join(tmpdir(), "lock-work-")),
    });
    expect(older.problems[0]?.message).toMatch(/installed version is 0.9.0, the lock says 1.0.0/);
  });

  it("reports a release it cannot fetch and a plain-lock entry that is no intervention", async () => {
    const root = mkdtempSync(join(tmpdir(), "lock-"));
    const plain = await tgz([
      { name: "package/package.json", content: '{"name":"@rel/plain","version":"1.0.0"}' },
    ]);
    const entries = [
      { name: "@rel/gone", version: "1.0.0", integrity: SHA },
      { name: "@rel/plain", version: "1.0.0", integrity: integrityOf(plain) },
    ];
    writeFileSync(join(root, "lock.json"), JSON.stringify({ interventions: entries }));
    const discovery = await discoverFromLock(join(root, "lock.json"), {
      workDir: mkdtempSync(join(tmpdir(), "lock-work-")),
      fetchTarball: fetcherOf(new Map([["@rel/plain@1.0.0", plain]])),
    });
    expect(discovery.problems.map((p) => p.message).sort()).toEqual([
      expect.stringMatching(/^@rel\/gone@1.0.0: cannot fetch the release tarball: 404/),
      expect.stringMatching(/^@rel\/plain@1.0.0: not an intervention/),
    ]);
  });
});
