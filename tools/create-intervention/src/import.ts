/**
 * `create-intervention --from-upstream <dir>`: every manifest of an upstream NemoClaw registry becomes an
 * intervention package (manifest, its plugin moved into the package, README stub, todo e2e case, changeset).
 * All or nothing: every manifest that cannot be converted is reported with why, and then nothing is written.
 * Idempotent: a package already imported with the same manifest is left as it is.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { inspectPluginTree, isInside, MAX_PLUGIN_FILE_BYTES, readPackageFile } from "@model-setup/discovery";
import { importedFiles } from "./templates.js";
import {
  type ConvertedManifest,
  convertUpstreamManifest,
  type ImportAnswers,
  type PluginFolder,
} from "./upstream.js";
import { INTERVENTIONS_DIR, readWorkspace, refusal, targetDir, writePackage } from "./workspace.js";

export const SETUP_FOLDER = "model-specific-setup";

export type ImportResult =
  | { status: "imported"; created: string[]; unchanged: string[] }
  | { status: "refused"; problems: string[] };

/** The registry root: `<dir>/model-specific-setup` when there is one, else `dir` itself. */
function registryRoot(dir: string): string | undefined {
  const nested = join(dir, SETUP_FOLDER);
  if (existsSync(nested) && statSync(nested).isDirectory()) return nested;
  return existsSync(dir) && statSync(dir).isDirectory() ? dir : undefined;
}

/** Every `*.json` below the root, sorted, except `schema.json`: what upstream's generator reads as manifests. */
function manifestFiles(root: string): string[] {
  const found: string[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith(".json") && entry.name !== "schema.json") found.push(path);
    }
  };
  visit(root);
  return found;
}

/** Upstream's plugin folder `<dirname(root)>/<path>`: inside that folder, a plain tree with a manifest and an entry. */
function pluginFolder(base: string, path: string): PluginFolder {
  const dir = join(base, path);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    return { problem: `${path} is not a folder next to the registry` };
  const real = realpathSync(dir);
  if (!isInside(realpathSync(base), real))
    return { problem: `${path} leaves the folder holding the registry` };
  const tree = inspectPluginTree(real, real);
  if (tree.length > 0) return { problem: `${path}: ${tree.join("; ")}` };
  const manifest = readPackageFile(real, join(real, "openclaw.plugin.json"));
  if (!manifest.ok) return { problem: `${path}/openclaw.plugin.json ${manifest.message}` };
  let pluginId: unknown;
  try {
    pluginId = (JSON.parse(manifest.text) as { id?: unknown }).id;
  } catch {
    return { problem: `${path}/openclaw.plugin.json is not valid JSON` };
  }
  const entry = ["index.ts", "index.js"].find((name) => existsSync(join(real, name)));
  if (!entry) return { problem: `${path} has neither index.ts nor index.js` };
  return { entry, pluginId };
}

/** Every file of a plugin folder, by path relative to it (the tree was inspected already). */
function pluginSources(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (rel: string) => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) visit(path);
      else {
        const read = readPackageFile(dir, join(dir, path), MAX_PLUGIN_FILE_BYTES);
        if (!read.ok) throw new Error(`${join(dir, path)} ${read.message}`);
        files.set(path, read.text);
      }
    }
  };
  visit("");
  return files;
}

export function changesetName(id: string): string {
  return `import-upstream-${id}.md`;
}

export async function importUpstream(
  from: string,
  workspaceRoot: string,
  answers: ImportAnswers,
): Promise<ImportResult> {
  const root = registryRoot(from);
  if (!root) return { status: "refused", problems: [`${from} is not a folder`] };
  const files = manifestFiles(root);
  if (files.length === 0) {
    return {
      status: "refused",
      problems: [`${root} holds no manifest (<agent>/<id>.json): point at an upstream registry`],
    };
  }
  const state = await readWorkspace(workspaceRoot);
  const problems: string[] = [];
  const toCreate: { converted: ConvertedManifest; source: string }[] = [];
  const unchanged: string[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const source = `${SETUP_FOLDER}/${relative(root, file)}`;
    const read = readPackageFile(root, file);
    let value: unknown;
    try {
      if (!read.ok) throw new Error(read.message);
      value = JSON.parse(read.text);
    } catch (error) {
      problems.push(`${source}: not readable as JSON (${(error as Error).message})`);
      continue;
    }
    const result = convertUpstreamManifest(value, answers, (path) => pluginFolder(dirname(root), path));
    if (!result.ok) {
      problems.push(...result.problems.map((problem) => `${source}${problem}`));
      continue;
    }
    const { converted } = result;
    const twin = seen.get(converted.id);
    if (twin) {
      problems.push(`${source}#/id: ${converted.id} is also the id of ${twin}: ids must be unique`);
      continue;
    }
    seen.set(converted.id, source);
    const existing = join(targetDir(workspaceRoot, converted.id), "manifest.json");
    if (
      existsSync(existing) &&
      isDeepStrictEqual(JSON.parse(readFileSync(existing, "utf8")), converted.manifest)
    ) {
      unchanged.push(converted.id);
      continue;
    }
    const reason = refusal(state, converted.id);
    if (reason) {
      problems.push(`${source}#/id: ${reason} (and differs from this record): remove or rename one of them`);
      continue;
    }
    toCreate.push({ converted, source });
  }
  if (problems.length > 0) return { status: "refused", problems };
  const created: string[] = [];
  for (const { converted, source } of toCreate) {
    const plugins = converted.plugins.map((plugin) => ({
      target: plugin.target,
      files: pluginSources(realpathSync(join(dirname(root), plugin.source))),
    }));
    await writePackage(workspaceRoot, converted.id, importedFiles(converted, source, plugins));
    await writeChangeset(workspaceRoot, converted.id, source);
    created.push(`${INTERVENTIONS_DIR}/${converted.id}`);
  }
  return { status: "imported", created, unchanged };
}

/** The changeset announcing the new package; an existing file of that name is never overwritten. */
async function writeChangeset(root: string, id: string, source: string): Promise<void> {
  const file = join(root, ".changeset", changesetName(id));
  if (!existsSync(join(root, ".changeset")) || existsSync(file)) return;
  const text = `---\n"@model-setup/${id}": minor\n---\n\nImported from upstream NemoClaw's registry (\`${source}\`) with \`create-intervention --from-upstream\`.\n`;
  await writeFile(file, text, { flag: "wx" });
}
