import { existsSync, lstatSync, realpathSync } from "node:fs";
import { basename, join } from "node:path";
import {
  type InterventionPackage,
  inspectPluginTree,
  isInside,
  readPackageFile,
} from "@model-setup/discovery";
import {
  checkManifestText,
  decodeJson,
  jsonPointer,
  type Manifest,
  type OpenclawPluginRef,
  type Problem,
} from "@model-setup/manifest";
import { z } from "zod";

export const DEFAULT_PLUGIN_ENTRY = "src/index.ts";

/** OpenClaw silently skips a plugin whose openclaw.plugin.json lacks `id` or `configSchema`, so both are required. */
const pluginManifestSchema = z.looseObject({
  id: z.string().min(1),
  configSchema: z.record(z.string(), z.unknown()),
});

export interface LoadedPlugin {
  ref: OpenclawPluginRef;
  dir: string;
  entryFile: string;
  /** openclaw.plugin.json as decoded; staged re-serialised with sorted keys. */
  pluginManifest: Record<string, unknown>;
}

export interface LoadedIntervention {
  pkg: InterventionPackage;
  manifest: Manifest;
  plugins: LoadedPlugin[];
}

/** Reads and validates one package's manifest and plugin folders. Never runs code from the package. */
export function loadIntervention(pkg: InterventionPackage): {
  loaded?: LoadedIntervention;
  problems: Problem[];
} {
  const file = pkg.manifestFile;
  const read = readPackageFile(pkg.dir, file);
  if (!read.ok) {
    const message = read.missing
      ? "manifest file is missing: create it or fix package.json modelSetup.manifest"
      : `manifest file ${read.message}`;
    return { problems: [{ file, pointer: "", message }] };
  }
  const result = checkManifestText(read.text, file, basename(pkg.dir));
  if (!result.ok) return { problems: result.problems };
  const problems: Problem[] = [];
  const plugins: LoadedPlugin[] = [];
  const packageRealDir = realpathSync(pkg.dir);
  result.manifest.effects.openclawPlugins?.forEach((ref, index) => {
    const at = (field: string) => jsonPointer(["effects", "openclawPlugins", index, field]);
    const plugin = loadPlugin(packageRealDir, pkg.dir, ref, file, at, problems);
    if (plugin) plugins.push(plugin);
  });
  if (problems.length > 0) return { problems };
  return { loaded: { pkg, manifest: result.manifest, plugins }, problems };
}

/** openclaw.plugin.json: a file of the package, JSON within the depth limit, with `id` (the declared one) and `configSchema`. */
function readPluginManifest(
  pluginManifestFile: string,
  packageRealDir: string,
  declaredId: string,
  manifestFile: string,
  problems: Problem[],
): Record<string, unknown> | undefined {
  const read = readPackageFile(packageRealDir, pluginManifestFile);
  if (!read.ok) {
    problems.push({
      file: pluginManifestFile,
      pointer: "",
      message: `openclaw.plugin.json ${read.message}: every plugin folder needs one`,
    });
    return undefined;
  }
  const decoded = decodeJson(read.text, pluginManifestFile);
  if (!decoded.ok) {
    problems.push(...decoded.problems);
    return undefined;
  }
  const parsed = pluginManifestSchema.safeParse(decoded.value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({
        file: pluginManifestFile,
        pointer: jsonPointer(issue.path),
        message: `${issue.message}: OpenClaw silently skips a plugin without "id" and "configSchema"`,
      });
    }
    return undefined;
  }
  if (parsed.data.id !== declaredId) {
    problems.push({
      file: pluginManifestFile,
      pointer: "/id",
      message: `plugin id ${JSON.stringify(parsed.data.id)} differs from ${JSON.stringify(declaredId)} declared in ${manifestFile}: make them equal`,
    });
    return undefined;
  }
  return parsed.data;
}

function loadPlugin(
  packageRealDir: string,
  packageDir: string,
  ref: OpenclawPluginRef,
  file: string,
  at: (field: string) => string,
  problems: Problem[],
): LoadedPlugin | undefined {
  const dir = join(packageDir, ref.path);
  let stats: ReturnType<typeof lstatSync>;
  try {
    stats = lstatSync(dir);
  } catch {
    problems.push({
      file,
      pointer: at("path"),
      message: `plugin folder ${ref.path} does not exist in the package: create it or fix the path`,
    });
    return undefined;
  }
  const realDir = realpathSync(dir);
  if (stats.isSymbolicLink() && !isInside(packageRealDir, realDir)) {
    problems.push({
      file,
      pointer: at("path"),
      message: `${ref.path} is a symlink leaving the package: keep the plugin inside the package`,
    });
    return undefined;
  }
  if (!lstatSync(realDir).isDirectory()) {
    problems.push({
      file,
      pointer: at("path"),
      message: `${ref.path} is not a folder: point it at the plugin folder`,
    });
    return undefined;
  }
  const treeProblems = inspectPluginTree(packageRealDir, realDir);
  for (const message of treeProblems) problems.push({ file, pointer: at("path"), message });
  if (treeProblems.length > 0) return undefined;

  const pluginManifestFile = join(realDir, "openclaw.plugin.json");
  const pluginManifest = readPluginManifest(pluginManifestFile, packageRealDir, ref.id, file, problems);
  const entry = ref.entry ?? DEFAULT_PLUGIN_ENTRY;
  const entryFile = join(realDir, entry);
  if (!existsSync(entryFile)) {
    problems.push({
      file,
      pointer: at(ref.entry ? "entry" : "path"),
      message: `plugin entry ${entry} is missing in ${ref.path}: create it or set "entry"`,
    });
  }
  if (!pluginManifest || !existsSync(entryFile)) return undefined;
  return { ref, dir: realDir, entryFile, pluginManifest };
}
