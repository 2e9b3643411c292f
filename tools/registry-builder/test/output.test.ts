import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { registrySchema } from "@model-setup/manifest";
import { describe, expect, it } from "vitest";
import { CLI, makeWorkspace, manifestFor, pluginFiles, readTar, withPlugin } from "./workspace.js";

function fixture(): string {
  return makeWorkspace({
    "interventions/a-fix": {
      manifest: withPlugin("a-fix", "a-compat"),
      files: pluginFiles(
        "a-compat",
        'import { helper } from "./helper.js";\nexport default { id: "a-compat", register() { helper(); } };\n',
      ),
    },
    "interventions/b-fix": {},
  });
}

function build(root: string, out: string, umask = "022", env: NodeJS.ProcessEnv = {}) {
  return spawnSync(
    "sh",
    [
      "-c",
      `umask ${umask} && exec "${process.execPath}" "${CLI}" build --workspace "${root}" --out "${out}"`,
    ],
    { encoding: "utf8", env: { ...process.env, ...env } },
  );
}

/** A preload that moves the builder's clock ten years ahead (Date and Date.now), to prove outputs ignore it. */
function shiftedClock(): NodeJS.ProcessEnv {
  const file = join(mkdtempSync(join(tmpdir(), "msetup-clock-")), "clock.mjs");
  writeFileSync(
    file,
    `const shift = 10 * 365 * 24 * 3600 * 1000; const Real = Date;
class Shifted extends Real { constructor(...a) { if (a.length === 0) super(Real.now() + shift); else super(...a); }
  static now() { return Real.now() + shift; } }
globalThis.Date = Shifted;\n`,
  );
  return { NODE_OPTIONS: `--import ${file}`, TZ: "Pacific/Kiritimati" };
}

function writeHelper(root: string) {
  writeFileSync(
    join(root, "interventions/a-fix/plugin/src/helper.ts"),
    "export function helper(): void {}\n",
  );
}

const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

async function tarEntries(file: string) {
  return (await readTar(readFileSync(file))).map(({ header }) => ({
    name: header.name,
    mode: header.mode ?? -1,
    mtime: header.mtime?.getTime() ?? -1,
    uid: header.uid ?? -1,
    gid: header.gid ?? -1,
  }));
}

describe("registry-builder build", () => {
  it("writes the context: records, registry with versions and hashes, schema, bundled plugins, Dockerfile", () => {
    const root = fixture();
    writeHelper(root);
    const out = join(mkdtempSync(join(tmpdir(), "msetup-out-")), "dist");
    const run = build(root, out);
    expect(run.status, run.stderr).toBe(0);
    const context = join(out, "context");
    const registry = registrySchema.parse(
      JSON.parse(readFileSync(join(context, "model-setup-index/registry.json"), "utf8")),
    );
    expect(registry.interventions.map((e) => [e.id, e.package.version])).toEqual([
      ["a-fix", "1.0.0"],
      ["b-fix", "1.0.0"],
    ]);
    const entry = registry.interventions[0];
    for (const [path, hash] of Object.entries(entry?.files ?? {}))
      expect(sha(join(context, path))).toBe(hash);
    expect(Object.keys(entry?.files ?? {})).toEqual([
      "model-setup-index/openclaw/records/a-fix.json",
      "model-specific-setup/openclaw/a-fix.json",
      "openclaw-plugins/a-compat/index.js",
      "openclaw-plugins/a-compat/openclaw.plugin.json",
      "openclaw-plugins/a-compat/package.json",
    ]);
    const record = JSON.parse(
      readFileSync(join(context, "model-specific-setup/openclaw/a-fix.json"), "utf8"),
    );
    expect(record.effects.openclawPlugins).toEqual([
      {
        id: "a-compat",
        path: "openclaw-plugins/a-compat",
        loadPath: "/usr/local/share/nemoclaw/openclaw-plugins/a-compat",
      },
    ]);
    expect(readdirSync(join(context, "openclaw-plugins/a-compat")).sort()).toEqual([
      "index.js",
      "openclaw.plugin.json",
      "package.json",
    ]);
    const bundle = readFileSync(join(context, "openclaw-plugins/a-compat/index.js"), "utf8");
    expect(bundle).toContain("function helper()");
    expect(bundle).not.toMatch(/from\s+["']\.\/helper/);
    const dockerfile = readFileSync(join(context, "Dockerfile"), "utf8");
    expect(dockerfile.match(/^COPY /gm)).toHaveLength(3);
    expect(dockerfile).not.toContain("a-compat");
    expect(readFileSync(join(out, "context.tar.sha256"), "utf8")).toBe(
      `${sha(join(out, "context.tar"))}  context.tar\n`,
    );
  });

  it("always stages both folders the Dockerfile copies, even with no plugin at all", async () => {
    const root = makeWorkspace({ "interventions/b-fix": {} });
    const out = join(root, "out");
    expect(build(root, out).status).toBe(0);
    expect(readdirSync(join(out, "context", "openclaw-plugins"))).toEqual([]);
    const names = (await readTar(readFileSync(join(out, "context.tar")))).map(({ header }) => header.name);
    expect(names).toContain("openclaw-plugins/");
  });

  it("is byte-identical across checkout paths, umasks, clocks and time zones", async () => {
    const builds = [
      { umask: "022", env: {} },
      { umask: "077", env: shiftedClock() },
    ].map(({ umask, env }) => {
      const root = fixture();
      writeHelper(root);
      const out = join(mkdtempSync(join(tmpdir(), "msetup-out-")), "dist");
      const run = build(root, out, umask, env);
      expect(run.status, run.stderr).toBe(0);
      return out;
    });
    const [first, second] = builds as [string, string];
    expect(readFileSync(join(second, "context.tar"))).toEqual(readFileSync(join(first, "context.tar")));
    const entries = await tarEntries(join(first, "context.tar"));
    expect(entries.map((e) => e.name)).toEqual([...entries.map((e) => e.name)].sort());
    for (const entry of entries) {
      expect(entry.mode).toBe(entry.name.endsWith("/") ? 0o755 : 0o644);
      expect(entry).toMatchObject({ uid: 0, gid: 0, mtime: Date.UTC(2000, 0, 1) });
    }
    const onDisk = statSync(join(second, "context/openclaw-plugins/a-compat/index.js"));
    expect(onDisk.mode & 0o777).toBe(0o644);
    expect(statSync(join(second, "context/openclaw-plugins")).mode & 0o777).toBe(0o755);
  });

  it("leaves the previous context untouched when a build fails, and writes nothing new", () => {
    const root = fixture();
    writeHelper(root);
    const parent = mkdtempSync(join(tmpdir(), "msetup-out-"));
    const out = join(parent, "dist");
    expect(build(root, out).status).toBe(0);
    const before = sha(join(out, "context.tar"));
    writeFileSync(
      join(root, "interventions/b-fix/manifest.json"),
      JSON.stringify({ ...manifestFor("b-fix"), bogus: 1 }),
    );
    const failed = build(root, out);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain("interventions/b-fix/manifest.json#/bogus: unknown field");
    expect(failed.stderr).toContain("nothing was written");
    expect(sha(join(out, "context.tar"))).toBe(before);
    expect(readdirSync(parent)).toEqual(["dist"]);
  });

  it("survives two concurrent builds into the same folder: the result is one complete build", async () => {
    const root = fixture();
    writeHelper(root);
    const parent = mkdtempSync(join(tmpdir(), "msetup-out-"));
    const out = join(parent, "dist");
    const runs = [1, 2, 3].map(
      () =>
        new Promise<number | null>((resolve) => {
          const child = spawn(process.execPath, [CLI, "build", "--workspace", root, "--out", out], {
            stdio: "ignore",
          });
          child.on("exit", resolve);
        }),
    );
    expect(await Promise.all(runs)).toEqual([0, 0, 0]);
    expect(readdirSync(parent)).toEqual(["dist"]);
    expect(readFileSync(join(out, "context.tar.sha256"), "utf8")).toBe(
      `${sha(join(out, "context.tar"))}  context.tar\n`,
    );
    expect(existsSync(join(out, "context/model-setup-index/registry.json"))).toBe(true);
  });

  it("check validates without writing; usage errors exit 2", () => {
    const root = fixture();
    writeHelper(root);
    const check = spawnSync(process.execPath, [CLI, "check", "--workspace", root], { encoding: "utf8" });
    expect(check.status, check.stderr).toBe(0);
    expect(check.stdout).toContain("2 intervention(s) valid");
    const usage = spawnSync(process.execPath, [CLI, "build", "--workspace", root], { encoding: "utf8" });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("build needs --out DIR");
  });
});
