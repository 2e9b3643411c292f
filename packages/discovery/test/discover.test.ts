import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { glob } from "tinyglobby";
import { describe, expect, it } from "vitest";
import { discoverWorkspace, NEVER_PACKAGES, packageManifestFiles } from "../src/index.js";
import { addPackage, makeWorkspace } from "../src/testing.js";

describe("discovery through workspace metadata", () => {
  it("finds exactly the packages that carry the modelSetup field, sorted", async () => {
    const root = makeWorkspace({ "interventions/b-fix": {}, "interventions/a-fix": {} }, [
      "interventions/*",
      "packages/*",
    ]);
    addPackage(root, "packages/not-an-intervention", { pkg: { modelSetup: undefined } });
    const { packages, problems } = await discoverWorkspace(root);
    expect(problems).toEqual([]);
    expect(packages.map((p) => p.name)).toEqual(["@test/a-fix", "@test/b-fix"]);
  });

  it("picks up a new intervention folder without any other change", async () => {
    const root = makeWorkspace({ "interventions/a-fix": {} });
    expect((await discoverWorkspace(root)).packages).toHaveLength(1);
    addPackage(root, "interventions/new-fix");
    expect((await discoverWorkspace(root)).packages.map((p) => p.name)).toEqual([
      "@test/a-fix",
      "@test/new-fix",
    ]);
  });

  it("ignores folders outside the workspace globs", async () => {
    const root = makeWorkspace({ "interventions/a-fix": {} });
    addPackage(root, "elsewhere/b-fix");
    expect((await discoverWorkspace(root)).packages.map((p) => p.name)).toEqual(["@test/a-fix"]);
  });

  it("reports a malformed modelSetup field with its pointer", async () => {
    const root = makeWorkspace({
      "interventions/a-fix": { pkg: { modelSetup: { manifest: "../escape.json" } } },
    });
    const { problems } = await discoverWorkspace(root);
    expect(problems).toEqual([
      expect.objectContaining({
        pointer: "/modelSetup/manifest",
        message: expect.stringContaining("relative .json path"),
      }),
    ]);
  });

  it("says so when there is no workspace", async () => {
    const { problems } = await discoverWorkspace("/nonexistent-dir-for-test");
    expect(problems[0]?.message).toMatch(/no pnpm-workspace.yaml/);
  });
});

describe("listing the package.json files of the workspace patterns", () => {
  /** A tree with every case the rules care about: dot folders, ignored names, links, folders without a package. */
  function awkwardTree(): string {
    const root = mkdtempSync(join(tmpdir(), "msetup-globs-"));
    const pkg = (dir: string) => {
      mkdirSync(join(root, dir), { recursive: true });
      writeFileSync(join(root, dir, "package.json"), "{}");
    };
    for (const dir of [
      "a/one",
      "a/two",
      "a/.hidden",
      "a/node_modules",
      "a/test",
      "a/tests",
      "a/bower_components",
    ])
      pkg(dir);
    for (const dir of ["a/b/deep", "c/x", ".dot/y", "test/z", "a/b/node_modules/w"]) pkg(dir);
    mkdirSync(join(root, "a/empty"), { recursive: true });
    mkdirSync(join(root, "a/dir-named/package.json"), { recursive: true });
    symlinkSync(join(root, "c/x"), join(root, "a/linked"));
    symlinkSync(join(root, "c/x/package.json"), join(root, "a/file-link"));
    mkdirSync(join(root, "a/json-link"));
    symlinkSync(join(root, "c/x/package.json"), join(root, "a/json-link/package.json"));
    return root;
  }

  it("gives what pnpm's globbing gives, for folder/* patterns (listed directly) and others", async () => {
    const root = awkwardTree();
    const viaGlob = (patterns: string[]) =>
      glob(
        patterns.map((p) => `${p}/package.json`),
        { cwd: root, ignore: NEVER_PACKAGES, expandDirectories: false, absolute: true },
      ).then((files) => files.map((file) => file.replace(/\/$/, "")).sort());
    for (const patterns of [
      ["a/*"],
      ["a/b/*"],
      ["a/*", "c/*"],
      [".dot/*"],
      ["test/*"],
      ["missing/*"],
      ["a/**"],
    ]) {
      const listed = (await packageManifestFiles(root, patterns)).sort();
      expect(listed, patterns.join(",")).toEqual(await viaGlob(patterns));
    }
    expect((await packageManifestFiles(root, ["a/*"])).map((file) => file.slice(root.length)).sort()).toEqual(
      ["/a/json-link/package.json", "/a/linked/package.json", "/a/one/package.json", "/a/two/package.json"],
    );
  });
});
