import { describe, expect, it } from "vitest";
import { discoverWorkspace } from "../src/index.js";
import { addPackage, makeWorkspace } from "./workspace.js";

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
