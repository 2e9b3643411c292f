/** The repository under test, temp copies of it, and the commands the release flow runs. */
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { discoverWorkspace } from "@model-setup/discovery";
import { linkDependencies } from "@model-setup/discovery/testing";

export const REPO = fileURLToPath(new URL("../../..", import.meta.url));
const SKIP = new Set(["node_modules", "dist", ".turbo"]);

export const execFileAsync = promisify(execFile);

/** The intervention packages of a workspace, found by the one discovery the builder uses. */
export async function interventionDirs(root = REPO): Promise<string[]> {
  const discovery = await discoverWorkspace(root);
  if (discovery.problems.length > 0) throw new Error(JSON.stringify(discovery.problems));
  return discovery.packages.map((pkg) => pkg.dir);
}

/**
 * A copy of the workspace as changesets and the registry builder see it: root files, .changeset, every
 * intervention in full, and the package.json and CHANGELOG.md of every other workspace package. The
 * changesets pending in the repository come along only with `pending` (a test releasing its own changeset
 * leaves them out).
 */
export async function copyRepo({ pending = false }: { pending?: boolean } = {}): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), "release-tests-repo-"));
  for (const file of ["pnpm-workspace.yaml", "package.json"]) cpSync(join(REPO, file), join(root, file));
  const copyTree = (rel: string) =>
    cpSync(join(REPO, rel), join(root, rel), {
      recursive: true,
      filter: (source) => !SKIP.has(basename(source)),
    });
  mkdirSync(join(root, ".changeset"));
  for (const file of readdirSync(join(REPO, ".changeset"))) {
    if (file === "config.json" || (pending && file.endsWith(".md") && file !== "README.md"))
      cpSync(join(REPO, ".changeset", file), join(root, ".changeset", file));
  }
  for (const dir of await interventionDirs()) {
    const rel = join("interventions", basename(dir));
    copyTree(rel);
    linkDependencies(dir, join(root, rel));
  }
  for (const group of ["packages", "tools"]) {
    for (const name of readdirSync(join(REPO, group))) {
      mkdirSync(join(root, group, name), { recursive: true });
      for (const file of ["package.json", "CHANGELOG.md"]) {
        if (existsSync(join(REPO, group, name, file)))
          cpSync(join(REPO, group, name, file), join(root, group, name, file));
      }
    }
  }
  return root;
}

/**
 * `pnpm -r pack` of the given workspace package folders, in one pnpm run (workspace: ranges rewritten to
 * versions, as `pnpm publish` does). Returns package folder -> tarball path.
 */
export async function pnpmPack(packageDirs: string[], destination: string): Promise<Map<string, string>> {
  const filters = packageDirs.map((dir) => `--filter=./${relative(REPO, dir)}`);
  const { stdout } = await execFileAsync(
    "pnpm",
    ["-r", ...filters, "pack", "--json", "--pack-destination", destination],
    { cwd: REPO, maxBuffer: 16 * 1024 * 1024 },
  );
  const packed = JSON.parse(stdout) as { name: string; filename: string }[];
  const byName = new Map(packed.map((p) => [p.name, p.filename]));
  const result = new Map<string, string>();
  for (const dir of packageDirs) {
    const { name } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name: string };
    const tarball = byName.get(name);
    if (!tarball) throw new Error(`pnpm pack did not pack ${name}`);
    result.set(dir, tarball);
  }
  return result;
}

/** Paths and package.json of a tarball, read with the system tar. */
export async function tarballContents(
  tarball: string,
): Promise<{ files: string[]; pkg: Record<string, unknown> }> {
  const { stdout: list } = await execFileAsync("tar", ["-tzf", tarball]);
  const { stdout: pkg } = await execFileAsync("tar", ["-xzOf", tarball, "package/package.json"], {
    maxBuffer: 16 * 1024 * 1024,
  });
  const files = list
    .split("\n")
    .filter(Boolean)
    .map((path) => path.replace(/^package\//, ""))
    .sort();
  return { files, pkg: JSON.parse(pkg) as Record<string, unknown> };
}
