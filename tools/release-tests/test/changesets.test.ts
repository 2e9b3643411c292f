/**
 * Independent versions: a changeset for one intervention bumps that package and its CHANGELOG only, and the
 * next image context records the new version; and the changesets pending in this repository keep the changeset
 * rule (create-intervention's src/changeset.ts) and release as docs/releasing.md says. Runs the real changesets
 * CLI on temp copies of the workspace.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import parseChangeset from "@changesets/parse";
import { discoverWorkspace, readWorkspacePackages } from "@model-setup/discovery";
import { registrySchema } from "@model-setup/manifest";
import { assemble } from "@model-setup/registry-builder";
import { changesetProblems, type PackagesByName } from "create-intervention";
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

/** The changesets pending in a workspace's .changeset, parsed, by file name. */
function pendingChangesets(root: string): Map<string, ReturnType<typeof parseChangeset>> {
  const files = readdirSync(join(root, ".changeset")).filter((f) => f.endsWith(".md") && f !== "README.md");
  return new Map(
    files.map((file) => [file, parseChangeset(readFileSync(join(root, ".changeset", file), "utf8"))]),
  );
}

/** Every workspace package by name, with what the changeset rule reads. */
async function packagesByName(root: string): Promise<PackagesByName> {
  const { packages } = await readWorkspacePackages(root);
  return new Map(packages.map((pkg) => [String(pkg.manifest.name), { private: pkg.manifest.private }]));
}

describe("changesets", () => {
  it("every pending changeset of the repository parses and names only public workspace packages", async () => {
    const packages = await packagesByName(REPO);
    for (const [file, parsed] of pendingChangesets(REPO)) {
      expect(changesetProblems(parsed.releases, packages), file).toEqual([]);
      expect(parsed.summary.trim(), file).not.toBe("");
    }
  });

  it("releases the repository's own pending changesets: changeset status and version on a copy of it", async () => {
    const root = await copyRepo({ pending: true });
    // changesets asks git which packages changed since the base branch: a repository of its own, on main with
    // nothing uncommitted, so the answer does not depend on the checkout this test runs in.
    const git = (...args: string[]) =>
      execFileAsync(
        "git",
        ["-c", "user.name=release-tests", "-c", "user.email=release-tests@invalid", ...args],
        {
          cwd: root,
        },
      );
    await git("init", "--quiet", "--initial-branch=main");
    await git("add", "-A");
    await git("commit", "--quiet", "-m", "the repository's state");
    const pending = pendingChangesets(root);
    expect(pending.size).toBeGreaterThan(0);
    const named = new Set([...pending.values()].flatMap((parsed) => parsed.releases.map((r) => r.name)));

    await execFileAsync(process.execPath, [CHANGESET_BIN, "status", "--output=release-plan.json"], {
      cwd: root,
    });
    const plan = JSON.parse(readFileSync(join(root, "release-plan.json"), "utf8")) as {
      releases: { name: string; type: string; oldVersion: string; newVersion: string }[];
    };
    rmSync(join(root, "release-plan.json"));
    const released = plan.releases.filter((release) => release.type !== "none");
    // Released: the packages the changesets name, and (a patch, `updateInternalDependencies`) every public
    // package that depends on a released one at run time, since its published range pins the old version.
    const workspace = (await readWorkspacePackages(root)).packages;
    const releasing = new Set(named);
    for (let grew = true; grew; ) {
      grew = false;
      for (const { manifest } of workspace) {
        const name = String(manifest.name);
        const runtime = Object.keys({
          ...(manifest.dependencies as object),
          ...(manifest.peerDependencies as object),
        });
        if (manifest.private === true || releasing.has(name) || !runtime.some((dep) => releasing.has(dep)))
          continue;
        releasing.add(name);
        grew = true;
      }
    }
    expect(released.map((release) => release.name).sort()).toEqual([...releasing].sort());
    for (const release of released.filter((r) => !named.has(r.name)))
      expect(release.type, release.name).toBe("patch");

    const dirs = new Map(workspace.map((p) => [p.manifest.name, p.dir]));
    const before = versionedFiles(root);
    await execFileAsync(process.execPath, [CHANGESET_BIN, "version"], { cwd: root });
    const after = versionedFiles(root);

    const changed = [...after.keys()].filter((path) => after.get(path) !== before.get(path)).sort();
    const expected = released.flatMap((release) => {
      const dir = relative(root, dirs.get(release.name) ?? "");
      return [`${dir}/CHANGELOG.md`, `${dir}/package.json`];
    });
    expect(changed).toEqual(expected.sort());
    for (const release of released) {
      const dir = relative(root, dirs.get(release.name) ?? "");
      expect(JSON.parse(after.get(`${dir}/package.json`) ?? "{}").version, release.name).toBe(
        release.newVersion,
      );
      const changelog = after.get(`${dir}/CHANGELOG.md`) ?? "";
      expect(changelog.startsWith(`# ${release.name}\n\n## ${release.newVersion}\n`), release.name).toBe(
        true,
      );
      for (const parsed of pending.values()) {
        if (!parsed.releases.some((r) => r.name === release.name)) continue;
        expect(changelog, release.name).toContain(parsed.summary.trim().split("\n")[0]);
      }
      // A dependent's entry names the updated dependencies.
      if (!named.has(release.name)) expect(changelog, release.name).toContain("Updated dependencies");
    }
    expect(pendingChangesets(root).size).toBe(0);

    const discovery = await discoverWorkspace(root);
    expect(discovery.problems).toEqual([]);
    const built = await assemble(discovery.packages);
    if (!built.ok) throw new Error(JSON.stringify(built.problems, null, 2));
    const file = built.output.files.find((f) => f.path === "model-setup-index/registry.json");
    const registry = registrySchema.parse(JSON.parse(String(file?.content)));
    expect(registry.interventions.length).toBe(discovery.packages.length);
    for (const { package: pkg } of registry.interventions) {
      const release = released.find((r) => r.name === pkg.name);
      const dir = relative(root, dirs.get(pkg.name) ?? "");
      const old = JSON.parse(before.get(`${dir}/package.json`) ?? "{}").version as string;
      expect(pkg.version, pkg.name).toBe(release ? release.newVersion : old);
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
