/** The I/O shell: find the workspace, list its interventions, and write a package atomically. */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { findPackages } from "@pnpm/fs.find-packages";
import { readWorkspaceManifest } from "@pnpm/workspace.read-manifest";
import { packageName } from "./templates.js";

export const INTERVENTIONS_DIR = "interventions";
const METADATA_FIELD = "modelSetup";

/** The nearest folder at or above `start` holding pnpm-workspace.yaml. */
export function findWorkspaceRoot(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export interface WorkspaceState {
  root: string;
  /** Intervention ids (manifest `id`, else folder name) of every package with a `modelSetup` field. */
  ids: Set<string>;
  /** Names of every workspace package. */
  names: Set<string>;
  globs: string[];
}

/** Reads the workspace the way the registry builder discovers it: pnpm's own workspace libraries. */
export async function readWorkspace(root: string): Promise<WorkspaceState> {
  const manifest = await readWorkspaceManifest(root);
  const globs = manifest?.packages ?? [];
  const projects = await findPackages(root, { patterns: globs, includeRoot: false });
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const project of projects) {
    const pkg = project.manifest as Record<string, unknown>;
    if (typeof pkg.name === "string") names.add(pkg.name);
    if (!Object.hasOwn(pkg, METADATA_FIELD)) continue;
    ids.add(interventionIdOf(project.rootDir, pkg[METADATA_FIELD]));
  }
  return { root, ids, names, globs };
}

function interventionIdOf(dir: string, metadata: unknown): string {
  const file = (metadata as { manifest?: unknown } | null)?.manifest;
  try {
    const manifest = JSON.parse(readFileSync(join(dir, String(file)), "utf8")) as { id?: unknown };
    if (typeof manifest.id === "string") return manifest.id;
  } catch {
    // An unreadable manifest is the registry builder's to report; the folder name still reserves the id.
  }
  return dir.split(/[\\/]/).pop() ?? dir;
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
