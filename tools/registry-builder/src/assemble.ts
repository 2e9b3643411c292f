import type { InterventionPackage } from "@model-setup/discovery";
import { NEWEST_OPENCLAW_RELEASE, type Problem } from "@model-setup/manifest";
import { bundlePlugin } from "./bundle.js";
import { type BundleCache, packageKey } from "./cache.js";
import { type ContextFile, contextFiles } from "./context.js";
import { byRelease, crossCheck, releaseCheck } from "./cross-check.js";
import { sha256 } from "./hash.js";
import { type LoadedIntervention, loadIntervention } from "./load.js";
import { shapingPlugin, shapingUsers } from "./shaping-plugin.js";
import { contextTarball } from "./tarball.js";
import type { Timings } from "./timings.js";

/** What a build writes: the context files, their reproducible tarball and its hash. */
export interface BuildOutput {
  files: readonly ContextFile[];
  tarball: Buffer;
  tarballSha256: string;
}

export type AssembleResult =
  | {
      ok: true;
      output: BuildOutput;
      /** What the context stages: the interventions whose `openclaw` range takes the target release. */
      interventions: LoadedIntervention[];
      /** Valid interventions left out because their range excludes the target release (registry.json names them). */
      notApplied: LoadedIntervention[];
    }
  | { ok: false; problems: Problem[] };

export interface AssembleOptions {
  /** Per-package cache of plugin bundles; everything else is done afresh every time. */
  cache?: BundleCache;
  /** The OpenClaw release the image targets; default the newest supported one. */
  openclaw?: string;
  timings?: Timings;
}

/**
 * The pipeline after discovery: validate every package (all problems, not just the first) and check them against
 * each other, bundle their plugins, lay out the context and tar it.
 */
export async function assemble(
  packages: readonly InterventionPackage[],
  options: AssembleOptions = {},
): Promise<AssembleResult> {
  const { cache, timings } = options;
  const problems: Problem[] = [];
  const interventions: LoadedIntervention[] = [];
  for (const pkg of packages) {
    const { loaded, problems: own } = loadIntervention(pkg);
    problems.push(...own);
    if (loaded) interventions.push(loaded);
  }
  problems.push(...crossCheck(interventions));
  const release = options.openclaw ?? NEWEST_OPENCLAW_RELEASE;
  problems.push(...releaseCheck(interventions, release));
  const { applied, notApplied } = byRelease(interventions, release);
  timings?.lap("validate");
  if (problems.length > 0) return { ok: false, problems };

  const bundles = new Map<string, Buffer>();
  for (const item of applied) {
    const key = cache && item.plugins.length > 0 ? packageKey(item.pkg) : undefined;
    for (const [index, plugin] of item.plugins.entries()) {
      const id = plugin.ref.id;
      const cached = key ? cache?.get(key, id) : undefined;
      if (cached) {
        bundles.set(id, cached);
        continue;
      }
      try {
        const bundle = await bundlePlugin(item.pkg.dir, plugin.entryFile, item.pkg.dependencies);
        bundles.set(id, bundle);
        if (key) cache?.set(key, id, bundle);
      } catch (error) {
        problems.push({
          file: item.pkg.manifestFile,
          pointer: `/effects/openclawPlugins/${index}/path`,
          message: `plugin ${id} does not bundle: ${bundleErrorText(error)}`,
        });
      }
    }
  }
  const shared = await shapingPlugin(shapingUsers(applied));
  timings?.lap("bundle");
  if (problems.length > 0) return { ok: false, problems };

  const files = contextFiles({ release, applied, notApplied, shared: shared ? [shared] : [] }, bundles);
  const tarball = await contextTarball(files);
  timings?.lap("layout and tar");
  return {
    ok: true,
    output: { files, tarball, tarballSha256: sha256(tarball) },
    interventions: applied,
    notApplied,
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
