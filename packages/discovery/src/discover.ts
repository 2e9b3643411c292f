import { type Dirent, existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import {
  compareCodePoints,
  decodeJson,
  isRecord,
  jsonPointer,
  type Problem,
  packageRefSchema,
  parseWithProblems,
} from "@model-setup/manifest";
import { readWorkspaceManifest } from "@pnpm/workspace.read-manifest";
import { glob } from "tinyglobby";
import { z } from "zod";
import { readPackageFile } from "./package-file.js";

/** The package.json field that makes a workspace package an intervention. */
export const METADATA_FIELD = "modelSetup";

/** The field's value: where the package keeps its manifest. */
export const metadataSchema = z.strictObject({
  manifest: z
    .string()
    .regex(
      /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*\.json$/,
      "must be a relative .json path",
    )
    .refine(
      (path) => !path.split("/").includes("node_modules"),
      "must be a file of the package, not of node_modules",
    ),
});

/** An intervention package as found on disk: where it is, who it is, where its manifest is. */
export interface InterventionPackage {
  dir: string;
  name: string;
  version: string;
  manifestFile: string;
  /** package.json `dependencies`: the only bare imports a plugin bundle may pull in. */
  dependencies: Record<string, string>;
}

export interface Discovery {
  packages: InterventionPackage[];
  problems: Problem[];
}

/**
 * Folders pnpm never takes workspace packages from, whatever the globs say (the defaults of pnpm's own package
 * finder, @pnpm/fs.find-packages, which globs with tinyglobby the same way).
 */
export const NEVER_PACKAGES = ["**/node_modules/**", "**/bower_components/**", "**/test/**", "**/tests/**"];
const NEVER_PACKAGE_FOLDERS = new Set(["node_modules", "bower_components", "test", "tests"]);
/** `folder/*`, `a/b/*`: the usual shape of a pnpm-workspace.yaml pattern, listed without a glob engine. */
const FOLDER_STAR = /^(?:[A-Za-z0-9_@][A-Za-z0-9._@-]*\/)+\*$/;

/**
 * The package.json files the workspace patterns name, as pnpm's finder would glob them (tinyglobby, no dot
 * folders, never under NEVER_PACKAGES). When every pattern is `folder/*`, each is one readdir: globbing a folder
 * of a thousand packages costs tens of milliseconds more for the same answer (the two are tested equal).
 */
export async function packageManifestFiles(root: string, patterns: readonly string[]): Promise<string[]> {
  if (patterns.length === 0 || !patterns.every((pattern) => FOLDER_STAR.test(pattern))) {
    return glob(
      patterns.map((pattern) => pattern.replace(/\/?$/, "/package.json")),
      { cwd: root, ignore: NEVER_PACKAGES, expandDirectories: false, absolute: true },
    );
  }
  const files = new Set<string>();
  for (const pattern of patterns) {
    const parent = pattern.slice(0, -2);
    if (parent.split("/").some((part) => part.startsWith(".") || NEVER_PACKAGE_FOLDERS.has(part))) continue;
    let entries: Dirent[];
    try {
      entries = readdirSync(join(root, parent), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.name.startsWith(".") || NEVER_PACKAGE_FOLDERS.has(entry.name)) continue;
      if (entry.isDirectory() || entry.isSymbolicLink())
        files.add(join(root, parent, entry.name, "package.json"));
    }
  }
  return [...files].filter(isNotFolder);
}

/** What a glob lists as a file: anything but a folder (a FIFO too, which readPackageFile then refuses). */
function isNotFolder(path: string): boolean {
  try {
    return !statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A package of the workspace: its folder and its package.json. */
export interface WorkspacePackage {
  dir: string;
  manifest: Record<string, unknown>;
}

export interface WorkspacePackages {
  /** The `packages` globs of pnpm-workspace.yaml. */
  globs: string[];
  packages: WorkspacePackage[];
  problems: Problem[];
}

/**
 * Every package of the workspace, as pnpm finds them: pnpm-workspace.yaml read by pnpm's own reader, its globs
 * expanded by pnpm's rules. Each package.json is read with `readPackageFile` (inside its package, a small plain
 * file) and must hold a JSON object.
 */
export async function readWorkspacePackages(root: string): Promise<WorkspacePackages> {
  const workspace = await readWorkspaceManifest(root);
  if (!workspace) {
    const file = join(root, "pnpm-workspace.yaml");
    const message = "no pnpm-workspace.yaml here: run from the repository root or pass --workspace";
    return { globs: [], packages: [], problems: [{ file, pointer: "", message }] };
  }
  const globs = workspace.packages ?? [];
  const packages: WorkspacePackage[] = [];
  const problems: Problem[] = [];
  for (const file of new Set(await packageManifestFiles(root, globs))) {
    const read = readPackageFile(dirname(file), file);
    if (!read.ok) {
      if (!read.missing) problems.push({ file, pointer: "", message: `package.json ${read.message}` });
      continue; // missing: removed while globbing
    }
    const decoded = decodeJson(read.text, file);
    if (!decoded.ok) problems.push(...decoded.problems);
    else if (isRecord(decoded.value)) packages.push({ dir: dirname(file), manifest: decoded.value });
    else problems.push({ file, pointer: "", message: "a package.json must hold a JSON object" });
  }
  return { globs, packages, problems };
}

/**
 * Finds interventions among the workspace packages: every package whose package.json carries a `modelSetup`
 * field. No list of interventions exists anywhere else. An intervention is always a package.json package (it is
 * published to npm), so only package.json files are read.
 */
export async function discoverWorkspace(root: string): Promise<Discovery> {
  const workspace = await readWorkspacePackages(root);
  const found = fromManifests(workspace.packages);
  return { packages: found.packages, problems: [...workspace.problems, ...found.problems] };
}

/** Same selection for packages given directly (e.g. installed from a registry into node_modules). */
export function fromManifests(candidates: readonly WorkspacePackage[]): Discovery {
  const packages: InterventionPackage[] = [];
  const problems: Problem[] = [];
  for (const { dir, manifest } of [...candidates].sort((a, b) => compareCodePoints(a.dir, b.dir))) {
    if (!Object.hasOwn(manifest, METADATA_FIELD)) continue;
    const file = join(dir, "package.json");
    const metadata = metadataSchema.safeParse(manifest[METADATA_FIELD]);
    if (!metadata.success) {
      for (const issue of metadata.error.issues) {
        problems.push({
          file,
          pointer: jsonPointer([METADATA_FIELD, ...issue.path]),
          message: `${issue.message}: the field must be {"manifest": "manifest.json"}`,
        });
      }
      continue;
    }
    // Both are staged verbatim (registry.json, each plugin's package.json): held to npm's own rules.
    const ref = parseWithProblems(packageRefSchema, { name: manifest.name, version: manifest.version }, file);
    if (!ref.ok) {
      problems.push(...ref.problems);
      continue;
    }
    const { name, version } = ref.data;
    packages.push({
      dir,
      name,
      version,
      manifestFile: join(dir, metadata.data.manifest),
      dependencies: (manifest.dependencies as Record<string, string> | undefined) ?? {},
    });
  }
  return { packages, problems };
}

/** The nearest folder at or above `start` holding pnpm-workspace.yaml. */
export function findWorkspaceRoot(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}
