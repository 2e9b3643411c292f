/**
 * "Removing an intervention is deleting its folder": nothing outside an intervention's folder may depend on it.
 * What would break when the folder goes is a reference to it from elsewhere: its package name (a dependency:
 * `pnpm install` fails), its folder path (an import or a path: build, typecheck or a test fails) or its id (a
 * test that expects it to be there). This check looks for exactly those in every file of the repository, with
 * these exceptions, none of which can break: the lockfile (`pnpm install` rewrites it), changelogs and changesets
 * (history), Markdown (prose), and openclaw-config's tests, which run on frozen fixture copies of their own.
 * Deleting the Kimi folder in a scratch clone before this check existed broke install, the bench, the goldens
 * and the e2e self-test; each of those references is what this test reports.
 */
import { readFileSync } from "node:fs";
import { basename, join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { discoverWorkspace } from "../src/index.js";
import { pathsBelow, REPO } from "./repo.js";

/**
 * Installs, builds and run outputs (git-ignored); dot folders and dot files hold tool state or generated data (an
 * intervention's `.e2e-plan.json` names what its cases load, and is written afresh by every e2e run), except these.
 */
const SKIPPED_FOLDERS = new Set(["node_modules", "dist", "bench-results"]);
const CHECKED_DOT_ENTRIES = new Set([".ci", ".github", ".gitignore"]);
const filesBelow = (dir: string) =>
  pathsBelow(dir, (entry) => {
    if (SKIPPED_FOLDERS.has(entry.name)) return "skip";
    if (entry.name.startsWith(".") && !CHECKED_DOT_ENTRIES.has(entry.name)) return "skip";
    if (entry.isDirectory()) return "descend";
    return entry.isFile() ? "keep" : "skip";
  });
const EXEMPT = [
  (path: string) => path === "pnpm-lock.yaml",
  (path: string) => path.endsWith(".md"),
  (path: string) => path.startsWith(`.changeset${sep}`),
  (path: string) => path.startsWith(join("packages", "openclaw-config", "test") + sep),
];

const { packages } = await discoverWorkspace(REPO);
const files = filesBelow(REPO)
  .map((file) => ({ path: relative(REPO, file), file }))
  .filter(({ path }) => !EXEMPT.some((exempt) => exempt(path)));

describe("removing an intervention is deleting its folder", () => {
  it("finds the interventions and the files to check", () => {
    expect(packages.length).toBeGreaterThan(0);
    expect(files.map((f) => f.path)).toContain(join("tools", "bench", "package.json"));
  });

  it.each(packages.map((pkg) => [basename(pkg.dir), pkg] as const))(
    "nothing outside interventions/%s depends on it",
    (_, pkg) => {
      const folder = relative(REPO, pkg.dir);
      const needles = [pkg.name, folder.split(sep).join("/"), basename(pkg.dir)];
      const outside = files.filter(({ path }) => !path.startsWith(folder + sep));
      const hits = outside.flatMap(({ path, file }) => {
        const text = readFileSync(file, "latin1");
        return needles.filter((needle) => text.includes(needle)).map((needle) => `${path}: ${needle}`);
      });
      expect(hits).toEqual([]);
    },
  );
});
