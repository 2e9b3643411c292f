import type { Problem } from "@model-setup/manifest";
import { bundlePlugin } from "./bundle.js";
import type { BuildCache } from "./cache.js";
import { type ContextFile, contextFiles, sha256 } from "./context.js";
import { crossCheck } from "./cross-check.js";
import type { InterventionPackage } from "./discover.js";
import { type LoadedIntervention, loadIntervention } from "./load.js";
import { packageKey, packageSignature } from "./package-key.js";
import type { PackageState } from "./state.js";
import { contextTarball, type PreviousTarball } from "./tarball.js";
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
}

/** Keys packages, taking a key from the previous build when the package's settled signature is unchanged. */
class PackageKeys {
  readonly next: Record<string, PackageState> = {};
  recognised = 0;
  private readonly now = Date.now();

  constructor(private readonly previous: Record<string, PackageState> = {}) {}

  keyOf(pkg: InterventionPackage): string | undefined {
    const signature = packageSignature(pkg, this.now);
    const known = Object.hasOwn(this.previous, pkg.dir) ? this.previous[pkg.dir] : undefined;
    let key: string | undefined;
    if (signature?.settled && known?.signature === signature.signature) {
      key = known.key;
      this.recognised++;
    } else {
      key = packageKey(pkg);
    }
    if (key && signature?.settled) this.next[pkg.dir] = { signature: signature.signature, key };
    return key;
  }
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
  const keys = new PackageKeys(options.previous?.packages);
  for (const pkg of packages) {
    const key = options.cache ? keys.keyOf(pkg) : undefined;
    const cached = key ? options.cache?.get(pkg, key) : undefined;
    if (cached) {
      interventions.push(cached.loaded);
      fromCache.add(cached.loaded);
      for (const [id, bundle] of cached.bundles) bundles.set(id, bundle);
      continue;
    }
    const { loaded, problems: own } = loadIntervention(pkg);
    if (loaded && key) fresh.set(loaded, key);
    problems.push(...own);
    if (loaded) interventions.push(loaded);
  }
  problems.push(...crossCheck(interventions));
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

  const files: ContextFile[] = contextFiles(interventions, bundles);
  const { tarball, index } = await contextTarball(files, options.previous?.tarball);
  return {
    ok: true,
    output: { files, tarball, tarballSha256: sha256(tarball), tarballIndex: index },
    interventions,
    packages: keys.next,
    recognised: keys.recognised,
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
