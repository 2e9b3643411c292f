import { existsSync, lstatSync, realpathSync } from "node:fs";
import { join } from "node:path";
import {
  checkManifestText,
  jsonPointer,
  type Manifest,
  type OpenclawPluginRef,
  type Problem,
} from "@model-setup/manifest";
import { z } from "zod";
import type { InterventionPackage } from "./discover.js";
import { readPackageFile } from "./package-file.js";
import { inspectPluginTree, isInside } from "./plugin-tree.js";

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

function basenameOf(dir: string): string {
  return (
    dir
      .replace(/[\\/]+$/, "")
      .split(/[\\/]/)
      .pop() ?? dir
  );
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
  const result = checkManifestText(read.text, file, basenameOf(pkg.dir));
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
  let pluginManifest: Record<string, unknown> | undefined;
  try {
    const read = readPackageFile(packageRealDir, pluginManifestFile);
    if (!read.ok) throw new Error(`it ${read.message}`);
    const parsed = pluginManifestSchema.safeParse(JSON.parse(read.text));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push({
          file: pluginManifestFile,
          pointer: jsonPointer(issue.path),
          message: `${issue.message}: OpenClaw silently skips a plugin without "id" and "configSchema"`,
        });
      }
    } else if (parsed.data.id !== ref.id) {
      problems.push({
        file: pluginManifestFile,
        pointer: "/id",
        message: `plugin id ${JSON.stringify(parsed.data.id)} differs from ${JSON.stringify(ref.id)} declared in ${file}: make them equal`,
      });
    } else {
      pluginManifest = parsed.data;
    }
  } catch (error) {
    problems.push({
      file: pluginManifestFile,
      pointer: "",
      message: `cannot read openclaw.plugin.json (${(error as Error).message}): every plugin folder needs one`,
    });
  }
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
