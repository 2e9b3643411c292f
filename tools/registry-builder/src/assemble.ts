import type { Problem } from "@model-setup/manifest";
import { bundlePlugin } from "./bundle.js";
import type { BuildCache } from "./cache.js";
import { type ContextFile, contextFiles } from "./context.js";
import { crossCheck } from "./cross-check.js";
import type { InterventionPackage } from "./discover.js";
import { sha256 } from "./hash.js";
import { type LoadedIntervention, loadIntervention } from "./load.js";
import { PackageRecall } from "./recall.js";
import type { PackageState } from "./state.js";
import { contextTarball, type PreviousTarball } from "./tarball.js";
import type { Timings } from "./timings.js";
import type { BuildOutput } from "./write.js";

export type AssembleResult =
  | {
      ok: true;
      output: BuildOutput;
      interventions: LoadedIntervention[];
      /** Settled signatures and their keys, for the next build's `previous.packages`. */
      packages: Record<string, PackageState>;
      /** Packages whose key came from an unchanged signature instead of hashing their files. */
      recognised: number;
    }
  | { ok: false; problems: Problem[] };

export interface AssembleOptions {
  /** Per-package cache of validated manifests and plugin bundles; cross-package checks always run. */
  cache?: BuildCache;
  /** What the previous build left (see state.ts); only used with a cache, and always verified. */
  previous?: { packages?: Record<string, PackageState>; tarball?: PreviousTarball };
  timings?: Timings;
}

/** Validates every package (all problems, not just the first), then bundles plugins and lays out the context. */
export async function assemble(
  packages: readonly InterventionPackage[],
  options: AssembleOptions = {},
): Promise<AssembleResult> {
  const problems: Problem[] = [];
  const interventions: LoadedIntervention[] = [];
  const bundles = new Map<string, Buffer>();
  const fresh = new Map<LoadedIntervention, string>();
  const fromCache = new Set<LoadedIntervention>();
  const recall = new PackageRecall(options.previous?.packages);
  for (const pkg of packages) {
    const { key, manifest } = options.cache ? recall.keyOf(pkg) : { key: undefined };
    if (manifest) {
      const loaded = { pkg, manifest, plugins: [] };
      options.cache?.recordHit();
      interventions.push(loaded);
      fromCache.add(loaded);
      recall.remember(loaded);
      continue;
    }
    const cached = key ? options.cache?.get(pkg, key) : undefined;
    if (cached) {
      recall.remember(cached.loaded);
      interventions.push(cached.loaded);
      fromCache.add(cached.loaded);
      for (const [id, bundle] of cached.bundles) bundles.set(id, bundle);
      continue;
    }
    const { loaded, problems: own } = loadIntervention(pkg);
    if (loaded && key) fresh.set(loaded, key);
    if (loaded) recall.remember(loaded);
    problems.push(...own);
    if (loaded) interventions.push(loaded);
  }
  options.timings?.lap("load");
  problems.push(...crossCheck(interventions));
  options.timings?.lap("cross-check");
  if (problems.length > 0) return { ok: false, problems };

  for (const item of interventions) {
    if (fromCache.has(item)) continue;
    const key = fresh.get(item);
    let bundled = true;
    for (const [index, plugin] of item.plugins.entries()) {
      try {
        bundles.set(plugin.ref.id, await bundlePlugin(item.pkg.dir, plugin.entryFile, item.pkg.dependencies));
      } catch (error) {
        bundled = false;
        problems.push({
          file: item.pkg.manifestFile,
          pointer: `/effects/openclawPlugins/${index}/path`,
          message: `plugin ${plugin.ref.id} does not bundle: ${bundleErrorText(error)}`,
        });
      }
    }
    if (options.cache && key && bundled) options.cache.set(key, item, bundles);
  }
  if (problems.length > 0) return { ok: false, problems };

  options.timings?.lap("bundle");
  const files: ContextFile[] = contextFiles(interventions, bundles);
  options.timings?.lap("layout");
  const { tarball, index } = await contextTarball(files, options.previous?.tarball);
  options.timings?.lap("tar");
  return {
    ok: true,
    output: { files, tarball, tarballSha256: sha256(tarball), tarballIndex: index },
    interventions,
    packages: recall.next,
    recognised: recall.recognised,
  };
}

function bundleErrorText(error: unknown): string {
  const errors = (error as { errors?: { text: string; location?: { file: string; line: number } | null }[] })
    .errors;
  if (!errors?.length) return (error as Error).message;
  return errors
    .map((e) => (e.location ? `${e.location.file}:${e.location.line}: ${e.text}` : e.text))
    .join("; ");
}
