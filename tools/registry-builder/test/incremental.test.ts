import { spawn, spawnSync } from "node:child_process";
import {
  appendFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  buildStateFile,
  discoverWorkspace,
  FIXED_MTIME,
  packageSignature,
  RACY_WINDOW_MS,
} from "../src/index.js";
import { CLI, makeWorkspace, manifestFor, pluginFiles, readTar, withPlugin } from "./workspace.js";

function fixture(): string {
  return makeWorkspace({
    "interventions/a-fix": {
      manifest: withPlugin("a-fix", "a-compat"),
      files: pluginFiles("a-compat"),
    },
    "interventions/b-fix": {},
    "interventions/c-fix": {},
  });
}

/** Waits until the fixture's files are older than the racy window (ctime cannot be set back, so wait). */
async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, RACY_WINDOW_MS + 100));
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  recognised: number;
  linked: number;
  rebuilt: number;
}

function build(root: string, out: string, ...extra: string[]): Run {
  const run = spawnSync(process.execPath, [CLI, "build", "--workspace", root, "--out", out, ...extra], {
    encoding: "utf8",
  });
  const numbers = /(\d+) rebuilt.*; (\d+) recognised unchanged by stat, (\d+) files linked/.exec(run.stdout);
  return {
    status: run.status,
    stdout: run.stdout,
    stderr: run.stderr,
    rebuilt: Number(numbers?.[1] ?? -1),
    recognised: Number(numbers?.[2] ?? -1),
    linked: Number(numbers?.[3] ?? -1),
  };
}

/** Every file of the context tree, path → content. */
function tree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(dir, { recursive: true, encoding: "utf8" }).sort()) {
    const path = join(dir, name);
    if (statSync(path).isFile()) files.set(name, readFileSync(path, "base64"));
  }
  return files;
}

/** Every file of a tarball, path → content, in the order tree() lists them. */
async function tarFiles(file: string): Promise<Map<string, string>> {
  const files = (await readTar(readFileSync(file)))
    .filter(({ header }) => header.type === "file")
    .map(({ header, content }) => [header.name, content.toString("base64")] as const);
  return new Map(files.sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The output of a build from scratch of the same workspace, for comparison. */
function scratchBuild(root: string): string {
  const out = join(mkdtempSync(join(tmpdir(), "msetup-scratch-")), "dist");
  expect(build(root, out, "--no-cache").status).toBe(0);
  return out;
}

async function expectSameAs(out: string, expected: string): Promise<void> {
  expect(readFileSync(join(out, "context.tar")).equals(readFileSync(join(expected, "context.tar")))).toBe(
    true,
  );
  expect(tree(join(out, "context"))).toEqual(tree(join(expected, "context")));
  expect(await tarFiles(join(out, "context.tar"))).toEqual(tree(join(out, "context")));
}

const manifestOf = (root: string, id: string) => join(root, "interventions", id, "manifest.json");

describe("incremental builds from the previous build's state", () => {
  it("recognises unchanged packages by stat and links unchanged files; one change redoes only that package", async () => {
    const root = fixture();
    await settle();
    const out = join(mkdtempSync(join(tmpdir(), "msetup-inc-")), "dist");
    const first = build(root, out);
    expect(first.status, first.stderr).toBe(0);
    expect([first.recognised, first.linked]).toEqual([0, 0]);

    const second = build(root, out);
    expect([second.recognised, second.rebuilt]).toEqual([3, 0]);
    const files = tree(join(out, "context")).size;
    expect(second.linked).toBe(files);
    await expectSameAs(out, scratchBuild(root));

    const manifest = JSON.parse(readFileSync(manifestOf(root, "b-fix"), "utf8"));
    writeFileSync(manifestOf(root, "b-fix"), JSON.stringify({ ...manifest, description: "changed b" }));
    const third = build(root, out);
    expect([third.recognised, third.rebuilt]).toEqual([2, 1]);
    // The b-fix record and registry.json changed; everything else is linked.
    expect(third.linked).toBe(files - 2);
    await expectSameAs(out, scratchBuild(root));
  });

  it("takes recognised plugin-less packages from the state alone; plugin bundles still come from the cache", async () => {
    const root = fixture();
    await settle();
    const out = join(mkdtempSync(join(tmpdir(), "msetup-inc-")), "dist");
    const cacheDir = join(root, "node_modules/.cache/registry-builder");
    build(root, out);
    for (const name of readdirSync(cacheDir))
      if (name !== "outputs") rmSync(join(cacheDir, name), { recursive: true });
    const again = build(root, out);
    // b-fix and c-fix need nothing but their remembered manifests; a-fix's bundle had to be made again.
    expect([again.status, again.recognised, again.rebuilt]).toEqual([0, 3, 1]);
    await expectSameAs(out, scratchBuild(root));
  });

  it("does not trust a signature taken right after a change (same-granule edits keep the same stat)", async () => {
    const root = fixture();
    // The change happens "now" whatever the machine's load: every entry's mtime is put an hour ahead of the clock
    // (a checkout from a machine whose clock runs ahead looks the same), so no build below can see it settled.
    const changedAt = Date.now() + 3_600_000;
    const interventions = join(root, "interventions");
    for (const name of readdirSync(interventions, { recursive: true, encoding: "utf8" })) {
      utimesSync(join(interventions, name), changedAt / 1000, changedAt / 1000);
    }
    const { packages } = await discoverWorkspace(root);
    const pkg = packages[0];
    if (!pkg) throw new Error("no package");
    expect(packageSignature(pkg, changedAt + RACY_WINDOW_MS - 1)?.settled).toBe(false);
    expect(packageSignature(pkg, changedAt + RACY_WINDOW_MS + 1)?.settled).toBe(true);

    const out = join(mkdtempSync(join(tmpdir(), "msetup-inc-")), "dist");
    build(root, out);
    const again = build(root, out);
    expect(again.recognised).toBe(0); // unsettled: every package is hashed again
    expect(again.rebuilt).toBe(0); // ... and still found in the cache
  });

  it("rewrites output files edited, replaced or removed since the last build, and the tarball if it changed", async () => {
    const root = fixture();
    await settle();
    const out = join(mkdtempSync(join(tmpdir(), "msetup-inc-")), "dist");
    build(root, out);
    const context = join(out, "context");
    const record = join(context, "model-specific-setup/openclaw/b-fix.json");
    const dockerfile = join(context, "Dockerfile");
    const schema = join(context, "model-specific-setup/schema.json");
    const original = readFileSync(record, "utf8");
    writeFileSync(record, original.replace("b-fix", "x-fix")); // edited in place, same size ...
    utimesSync(record, FIXED_MTIME, FIXED_MTIME); // ... and the mtime put back: the change time still moved
    rmSync(dockerfile);
    writeFileSync(dockerfile, "FROM scratch\n"); // replaced: another inode
    rmSync(schema);
    appendFileSync(join(out, "context.tar"), Buffer.alloc(512));

    const repaired = build(root, out);
    expect(repaired.status, repaired.stderr).toBe(0);
    expect(repaired.linked).toBe(tree(context).size - 3);
    await expectSameAs(out, scratchBuild(root));
  });

  it("ignores a corrupted or foreign state file and builds afresh", async () => {
    const root = fixture();
    await settle();
    const out = join(mkdtempSync(join(tmpdir(), "msetup-inc-")), "dist");
    const cacheDir = join(root, "node_modules/.cache/registry-builder");
    build(root, out);
    const stateFile = buildStateFile(cacheDir, out);
    const text = readFileSync(stateFile, "utf8");
    writeFileSync(stateFile, text.replace(/"ino":(\d)/, '"ino":9$1'));
    const corrupted = build(root, out);
    expect([corrupted.status, corrupted.recognised, corrupted.linked]).toEqual([0, 0, 0]);

    const other = join(mkdtempSync(join(tmpdir(), "msetup-inc-")), "dist");
    build(root, other);
    writeFileSync(buildStateFile(cacheDir, out), readFileSync(buildStateFile(cacheDir, other)));
    const foreign = build(root, out);
    expect([foreign.status, foreign.linked]).toEqual([0, 0]);
    await expectSameAs(out, scratchBuild(root));
  });

  it("keeps tree and tarball consistent when builds of different inputs race with linking", async () => {
    const root = fixture();
    await settle();
    const out = join(mkdtempSync(join(tmpdir(), "msetup-inc-")), "dist");
    build(root, out);
    const runs: Promise<number | null>[] = [];
    for (let i = 0; i < 4; i++) {
      const manifest = manifestFor("c-fix", { description: `revision ${i}` });
      writeFileSync(manifestOf(root, "c-fix"), JSON.stringify(manifest));
      runs.push(
        new Promise((resolve) => {
          const child = spawn(process.execPath, [CLI, "build", "--workspace", root, "--out", out], {
            stdio: "ignore",
          });
          child.on("exit", resolve);
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    expect(await Promise.all(runs)).toEqual([0, 0, 0, 0]);
    expect(await tarFiles(join(out, "context.tar"))).toEqual(tree(join(out, "context")));
    const last = build(root, out);
    expect(last.status).toBe(0);
    await expectSameAs(out, scratchBuild(root));
  });
});
