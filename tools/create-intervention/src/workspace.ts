/** The I/O shell: find the workspace, list its interventions, and write a package atomically. */
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { fromManifests, readPackageFile, readWorkspacePackages } from "@model-setup/discovery";
import type { PackagesByName } from "./changeset.js";
import { packageName } from "./templates.js";

export const INTERVENTIONS_DIR = "interventions";

export interface WorkspaceState {
  root: string;
  /** Intervention ids (manifest `id`, else folder name) of every package with a `modelSetup` field. */
  ids: Set<string>;
  /** Names of every workspace package. */
  names: Set<string>;
  /** Every workspace package by name, with what the changeset rule reads (src/changeset.ts). */
  packages: PackagesByName;
  globs: string[];
}

/** Reads the workspace exactly as the registry builder discovers it (@model-setup/discovery). */
export async function readWorkspace(root: string): Promise<WorkspaceState> {
  const workspace = await readWorkspacePackages(root);
  const packages = new Map<string, { private?: unknown }>();
  for (const { manifest } of workspace.packages) {
    if (typeof manifest.name === "string") packages.set(manifest.name, { private: manifest.private });
  }
  const ids = new Set(fromManifests(workspace.packages).packages.map(interventionIdOf));
  return { root, ids, names: new Set(packages.keys()), packages, globs: workspace.globs };
}

function interventionIdOf(pkg: { dir: string; manifestFile: string }): string {
  const read = readPackageFile(pkg.dir, pkg.manifestFile);
  try {
    const manifest = read.ok ? (JSON.parse(read.text) as { id?: unknown }) : undefined;
    if (typeof manifest?.id === "string") return manifest.id;
  } catch {
    // An unreadable manifest is the registry builder's to report; the folder name still reserves the id.
  }
  return basename(pkg.dir);
}

/** Why `id` cannot be created here, or undefined. The id itself is validated by the manifest schema. */
export function refusal(state: WorkspaceState, id: string): string | undefined {
  if (!state.globs.some((glob) => glob === `${INTERVENTIONS_DIR}/*` || glob === `${INTERVENTIONS_DIR}/**`)) {
    return `${state.root}/pnpm-workspace.yaml does not include ${INTERVENTIONS_DIR}/*: a package there would not be discovered`;
  }
  if (state.ids.has(id)) return `an intervention with id ${id} already exists in this workspace`;
  if (state.names.has(packageName(id))) return `a workspace package named ${packageName(id)} already exists`;
  if (existsSync(targetDir(state.root, id))) return `${INTERVENTIONS_DIR}/${id} already exists`;
  return undefined;
}

export function targetDir(root: string, id: string): string {
  return join(root, INTERVENTIONS_DIR, id);
}

/**
 * Writes every file into a hidden staging folder beside the target, then renames it into place: the package
 * appears whole or not at all. Ctrl-C or an error while writing removes the staging folder.
 */
export async function writePackage(
  root: string,
  id: string,
  files: ReadonlyMap<string, string>,
): Promise<string> {
  const parent = join(root, INTERVENTIONS_DIR);
  await mkdir(parent, { recursive: true });
  const staging = await mkdtemp(join(parent, `.create-intervention-${id}-`));
  const onSignal = () => {
    rmSync(staging, { recursive: true, force: true });
    process.exit(130);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    for (const [path, content] of files) {
      await mkdir(dirname(join(staging, path)), { recursive: true });
      await writeFile(join(staging, path), content, { flag: "wx" });
    }
    formatWithWorkspaceBiome(root, staging);
    const target = targetDir(root, id);
    // rename(2) would replace an empty folder: refuse anything already there, as late as possible.
    if (existsSync(target))
      throw new Error(`${INTERVENTIONS_DIR}/${id} appeared while writing; nothing was written`);
    await rename(staging, target);
    return target;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

/**
 * The templates are laid out as Biome formats them; only extreme lengths (ids or model ids near their limits)
 * make Biome wrap differently. When the workspace has Biome installed, let it have the last word so
 * `biome ci` stays green. Best effort: a failure here changes nothing.
 */
function formatWithWorkspaceBiome(root: string, dir: string): void {
  const biome = join(root, "node_modules", "@biomejs", "biome", "bin", "biome");
  if (!existsSync(biome)) return;
  spawnSync(process.execPath, [biome, "format", "--write", "--vcs-enabled=false", dir], {
    cwd: root,
    stdio: "ignore",
  });
}
