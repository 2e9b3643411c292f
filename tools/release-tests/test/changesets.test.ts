/**
 * Independent versions: a changeset for one intervention bumps that package and its CHANGELOG only, and the
 * next image context records the new version. Runs the real changesets CLI on a temp copy of the workspace.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import parseChangeset from "@changesets/parse";
import { discoverWorkspace, readWorkspacePackages } from "@model-setup/discovery";
import { registrySchema } from "@model-setup/manifest";
import { assemble } from "@model-setup/registry-builder";
import { describe, expect, it } from "vitest";
import { copyRepo, execFileAsync, interventionDirs, REPO } from "../src/repo.js";

const CHANGESET_BIN = join(REPO, "node_modules/@changesets/cli/bin.js");
/** Any carried intervention (the last discovery lists): the one the test's changeset bumps. */
const BUMPED_DIR = (await interventionDirs()).at(-1);
if (!BUMPED_DIR) throw new Error("the repository carries no intervention");
const BUMPED = basename(BUMPED_DIR);
const BUMPED_NAME = (JSON.parse(readFileSync(join(BUMPED_DIR, "package.json"), "utf8")) as { name: string })
  .name;

/** package.json and CHANGELOG.md of every workspace package, by path. */
function versionedFiles(root: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const group of ["interventions", "packages", "tools"]) {
    for (const name of readdirSync(join(root, group))) {
      for (const file of ["package.json", "CHANGELOG.md"]) {
        try {
          files.set(`${group}/${name}/${file}`, readFileSync(join(root, group, name, file), "utf8"));
        } catch {
          // no CHANGELOG yet
        }
      }
    }
  }
  return files;
}

describe("changesets", () => {
  it("every pending changeset of the repository parses and names only workspace packages", async () => {
    const workspace = await readWorkspacePackages(REPO);
    const names = new Set(workspace.packages.map((pkg) => pkg.manifest.name));
    const pending = readdirSync(join(REPO, ".changeset")).filter(
      (f) => f.endsWith(".md") && f !== "README.md",
    );
    for (const file of pending) {
      const parsed = parseChangeset(readFileSync(join(REPO, ".changeset", file), "utf8"));
      expect(parsed.releases.length, file).toBeGreaterThan(0);
      for (const release of parsed.releases)
        expect(names, `${file}: ${release.name}`).toContain(release.name);
      expect(parsed.summary.trim(), file).not.toBe("");
    }
  });

  it("is configured for independent versions, public access, private packages never versioned or tagged", () => {
    const config = JSON.parse(readFileSync(join(REPO, ".changeset/config.json"), "utf8"));
    expect(config).toMatchObject({
      fixed: [],
      linked: [],
      access: "public",
      baseBranch: "main",
      privatePackages: { version: false, tag: false },
    });
  });

  it("bumps only the intervention a changeset names, and the registry records the new version", async () => {
    const root = await copyRepo();
    const before = versionedFiles(root);
    const oldVersion = JSON.parse(before.get(`interventions/${BUMPED}/package.json`) ?? "{}")
      .version as string;
    writeFileSync(
      join(root, ".changeset/bump.md"),
      `---\n"${BUMPED_NAME}": minor\n---\n\nReasoning effort defaults to high.\n`,
    );
    await execFileAsync(process.execPath, [CHANGESET_BIN, "version"], { cwd: root });

    const after = versionedFiles(root);
    const changed = [...after.keys()].filter((path) => after.get(path) !== before.get(path)).sort();
    expect(changed).toEqual([`interventions/${BUMPED}/CHANGELOG.md`, `interventions/${BUMPED}/package.json`]);
    const [major, minor] = oldVersion.split(".").map(Number);
    const newVersion = `${major}.${(minor ?? 0) + 1}.0`;
    expect(JSON.parse(after.get(`interventions/${BUMPED}/package.json`) ?? "{}").version).toBe(newVersion);
    const changelog = after.get(`interventions/${BUMPED}/CHANGELOG.md`) ?? "";
    expect(changelog).toMatch(
      new RegExp(
        `## ${newVersion.replaceAll(".", "\\.")}\\s+### Minor Changes\\s+- Reasoning effort defaults to high\\.`,
      ),
    );
    expect(changelog).toContain(
      before.get(`interventions/${BUMPED}/CHANGELOG.md`)?.split("\n").slice(2).join("\n"),
    );
    expect(readdirSync(join(root, ".changeset"))).not.toContain("bump.md");

    const discovery = await discoverWorkspace(root);
    expect(discovery.problems).toEqual([]);
    const built = await assemble(discovery.packages);
    if (!built.ok) throw new Error(JSON.stringify(built.problems, null, 2));
    const file = built.output.files.find((f) => f.path === "model-setup-index/registry.json");
    const registry = registrySchema.parse(JSON.parse(String(file?.content)));
    const versions = Object.fromEntries(registry.interventions.map((i) => [i.id, i.package.version]));
    expect(versions[BUMPED]).toBe(newVersion);
    for (const [id, version] of Object.entries(versions)) {
      if (id === BUMPED) continue;
      const pkg = JSON.parse(before.get(`interventions/${id}/package.json`) ?? "{}");
      expect(version).toBe(pkg.version);
    }
  });
});
