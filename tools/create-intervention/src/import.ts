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

type PluginFiles = { target: string; files: ReadonlyMap<string, string> };

/** Every file of a plugin folder (inspected already), by path relative to it; or why one cannot be read. */
function pluginSources(folder: string): ReadonlyMap<string, string> | { problem: string } {
  const dir = realpathSync(folder);
  const files = new Map<string, string>();
  const walked = new Set<string>();
  const visit = (rel: string): string | undefined => {
    // A link back to a folder already walked (allowed inside the folder) is not followed twice.
    const real = realpathSync(join(dir, rel));
    if (walked.has(real)) return undefined;
    walked.add(real);
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      if (statSync(join(dir, path)).isDirectory()) {
        const problem = visit(path);
        if (problem) return problem;
        continue;
      }
      const read = readPackageFile(dir, join(dir, path), MAX_PLUGIN_FILE_BYTES);
      if (!read.ok) return `${relative(dirname(dirname(folder)), join(folder, path))} ${read.message}`;
      files.set(path, read.text);
    }
    return undefined;
  };
  const problem = visit("");
  return problem ? { problem } : files;
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
  const toCreate: { converted: ConvertedManifest; source: string; files: Map<string, string> }[] = [];
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
    // Read now, so a plugin file that cannot be read stops the import before anything is written.
    const plugins = converted.plugins.map((plugin) => ({
      target: plugin.target,
      files: pluginSources(join(dirname(root), plugin.source)),
    }));
    const unreadable = plugins.flatMap((plugin) => ("problem" in plugin.files ? [plugin.files.problem] : []));
    if (unreadable.length > 0) {
      problems.push(...unreadable.map((problem) => `${source}#/effects/openclawPlugins: ${problem}`));
      continue;
    }
    toCreate.push({ converted, source, files: importedFiles(converted, source, plugins as PluginFiles[]) });
  }
  if (problems.length > 0) return { status: "refused", problems };
  const created: string[] = [];
  for (const { converted, source, files } of toCreate) {
    await writePackage(workspaceRoot, converted.id, files);
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
