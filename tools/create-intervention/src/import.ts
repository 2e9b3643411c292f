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
import { compareCodePoints, decodeJson, SETUP_DIR } from "@model-setup/manifest";
import { changesetText } from "./changeset.js";
import { importedFiles, packageName } from "./templates.js";
import {
  type ConvertedManifest,
  convertUpstreamManifest,
  type ImportAnswers,
  type PluginFolder,
} from "./upstream.js";
import {
  INTERVENTIONS_DIR,
  readWorkspace,
  refusal,
  targetDir,
  type WorkspaceState,
  writePackage,
} from "./workspace.js";

export type ImportResult =
  | { status: "imported"; created: string[]; unchanged: string[] }
  | { status: "refused"; problems: string[] };

/** The registry root: `<dir>/model-specific-setup` when there is one, else `dir` itself. */
function registryRoot(dir: string): string | undefined {
  const nested = join(dir, SETUP_DIR);
  if (existsSync(nested) && statSync(nested).isDirectory()) return nested;
  return existsSync(dir) && statSync(dir).isDirectory() ? dir : undefined;
}

/** Every `*.json` below the root, sorted, except `schema.json`: what upstream's generator reads as manifests. */
function manifestFiles(root: string): string[] {
  const found: string[] = [];
  const visit = (dir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true });
    for (const entry of entries.sort((a, b) => compareCodePoints(a.name, b.name))) {
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

/** One record's fate: its package's files, already imported, or why it cannot be. */
type RecordPlan =
  | { kind: "create"; converted: ConvertedManifest; files: Map<string, string> }
  | { kind: "unchanged"; id: string }
  | { kind: "refused"; problems: string[] };

/** The workspace's own manifest, to compare with; unreadable, too deep or not JSON counts as different. */
function readManifestJson(file: string): unknown {
  try {
    const decoded = decodeJson(readFileSync(file, "utf8"), file);
    return decoded.ok ? decoded.value : undefined;
  } catch {
    return undefined;
  }
}

/** Plans one upstream record against the workspace, reading everything it needs but writing nothing. */
function planRecord(
  root: string,
  file: string,
  source: string,
  answers: ImportAnswers,
  state: WorkspaceState,
): RecordPlan {
  // The safe reader refuses a FIFO, a link out of the registry and text that is not UTF-8 (with the offset);
  // decodeJson refuses nesting deeper than the limit before anything recursive sees the record.
  const read = readPackageFile(root, file);
  if (!read.ok) return { kind: "refused", problems: [`${source} ${read.message}`] };
  const decoded = decodeJson(read.text, source);
  if (!decoded.ok) {
    return {
      kind: "refused",
      problems: decoded.problems.map(
        (problem) => `${source}${problem.pointer ? `#${problem.pointer}` : ""}: ${problem.message}`,
      ),
    };
  }
  const value = decoded.value;
  const result = convertUpstreamManifest(value, answers, (path) => pluginFolder(dirname(root), path));
  if (!result.ok)
    return { kind: "refused", problems: result.problems.map((problem) => `${source}${problem}`) };
  const { converted } = result;
  const existing = join(targetDir(state.root, converted.id), "manifest.json");
  if (existsSync(existing) && isDeepStrictEqual(readManifestJson(existing), converted.manifest)) {
    return { kind: "unchanged", id: converted.id };
  }
  const reason = refusal(state, converted.id);
  if (reason) {
    return {
      kind: "refused",
      problems: [`${source}#/id: ${reason} (and differs from this record): remove or rename one of them`],
    };
  }
  // Read now, so a plugin file that cannot be read stops the import before anything is written.
  const plugins: PluginFiles[] = [];
  for (const plugin of converted.plugins) {
    const files = pluginSources(join(dirname(root), plugin.source));
    if ("problem" in files) {
      return { kind: "refused", problems: [`${source}#/effects/openclawPlugins: ${files.problem}`] };
    }
    plugins.push({ target: plugin.target, files });
  }
  return { kind: "create", converted, files: importedFiles(converted, source, plugins) };
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
  const sourceOf = new Map<string, string>();
  for (const file of files) {
    const source = `${SETUP_DIR}/${relative(root, file)}`;
    const plan = planRecord(root, file, source, answers, state);
    if (plan.kind === "refused") {
      problems.push(...plan.problems);
      continue;
    }
    const id = plan.kind === "create" ? plan.converted.id : plan.id;
    const twin = sourceOf.get(id);
    if (twin) {
      problems.push(`${source}#/id: ${id} is also the id of ${twin}: ids must be unique`);
      continue;
    }
    sourceOf.set(id, source);
    if (plan.kind === "unchanged") unchanged.push(id);
    else toCreate.push({ converted: plan.converted, source, files: plan.files });
  }
  if (problems.length > 0) return { status: "refused", problems };
  // The changesets are rendered before anything is written, so one the rule refuses stops the whole import; the
  // rule reads the new packages as they will be written.
  const packages = new Map(state.packages);
  for (const { converted, files } of toCreate) {
    const pkg = JSON.parse(files.get("package.json") ?? "{}") as { private?: unknown };
    packages.set(packageName(converted.id), pkg);
  }
  const changesets: string[] = [];
  for (const { converted, source } of toCreate) {
    const summary = `Imported from upstream NemoClaw's registry (\`${source}\`) with \`create-intervention --from-upstream\`.`;
    const changeset = changesetText([{ name: packageName(converted.id), type: "minor" }], summary, packages);
    if ("problems" in changeset)
      problems.push(...changeset.problems.map((p) => `${source}: its changeset: ${p}`));
    else changesets.push(changeset.text);
  }
  if (problems.length > 0) return { status: "refused", problems };
  const created: string[] = [];
  for (const [index, { converted, files }] of toCreate.entries()) {
    await writePackage(workspaceRoot, converted.id, files);
    await writeChangeset(workspaceRoot, converted.id, changesets[index] as string);
    created.push(`${INTERVENTIONS_DIR}/${converted.id}`);
  }
  return { status: "imported", created, unchanged };
}

/** The changeset announcing the new package; an existing file of that name is never overwritten. */
async function writeChangeset(root: string, id: string, text: string): Promise<void> {
  const file = join(root, ".changeset", changesetName(id));
  if (!existsSync(join(root, ".changeset")) || existsSync(file)) return;
  await writeFile(file, text, { flag: "wx" });
}
