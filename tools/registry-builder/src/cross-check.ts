import {
  appliesOnRelease,
  candidateOverlapPairs,
  conflictsBetween,
  describeConflict,
  isReleaseAtLeast,
  jsonPointer,
  matchesCanOverlap,
  needsShapingPlugin,
  OPENCLAW_RELEASES,
  openclawCompatOf,
  type Problem,
  REASONING_TAGS_SINCE,
  SHAPING_PLUGIN_ID,
  stagedPlugin,
  stagedPluginFolder,
} from "@model-setup/manifest";
import type { LoadedIntervention } from "./load.js";

/**
 * Checks that need all interventions at once: unique ids, unique plugin ids and staged plugin folders (`nemoclaw-x`
 * and `x` share one), no conflicting overlaps.
 */
export function crossCheck(interventions: readonly LoadedIntervention[]): Problem[] {
  const problems: Problem[] = [];
  const byId = new Map<string, LoadedIntervention>();
  // The shared shaping plugin's folder is taken from the start ("shared").
  const byFolder = new Map<string, { item: LoadedIntervention | "shared"; id: string }>([
    [SHAPING_PLUGIN_ID, { item: "shared", id: SHAPING_PLUGIN_ID }],
  ]);
  for (const item of interventions) {
    const file = item.pkg.manifestFile;
    const earlier = byId.get(item.manifest.id);
    if (earlier) {
      problems.push({
        file,
        pointer: "/id",
        message: `id ${item.manifest.id} is also used by ${earlier.pkg.manifestFile}: ids must be unique across packages`,
      });
    } else byId.set(item.manifest.id, item);
    item.manifest.effects.openclawPlugins?.forEach((plugin, index) => {
      const folder = stagedPluginFolder(plugin.id);
      const owner = byFolder.get(folder);
      const pointer = `/effects/openclawPlugins/${index}/id`;
      if (!owner) byFolder.set(folder, { item, id: plugin.id });
      else if (owner.item === "shared") {
        problems.push({
          file,
          pointer,
          message: `plugin ${plugin.id} would be staged in ${stagedPlugin(plugin.id).path}, the shared shaping plugin's folder: pick another id`,
        });
      } else if (owner.id === plugin.id && owner.item !== item) {
        problems.push({
          file,
          pointer,
          message: `plugin id ${plugin.id} is also declared by ${owner.item.pkg.manifestFile}: plugin ids must be unique across packages`,
        });
      } else if (owner.id !== plugin.id) {
        problems.push({
          file,
          pointer,
          message: `plugin ${plugin.id} would be staged in ${stagedPlugin(plugin.id).path}, as plugin ${owner.id} of ${owner.item.pkg.manifestFile} is (a nemoclaw- prefix is left off the folder name): rename one`,
        });
      }
    });
  }
  for (const item of interventions) problems.push(...providerOwnership(item, item));
  problems.push(...overlapConflicts(interventions));
  return problems;
}

/**
 * OpenClaw lets one plugin register a provider. The shared shaping plugin registers the provider of the
 * interventions that need it, so no plugin of an intervention on such a route may register that provider too
 * (OpenClaw would refuse the second registration, and one of the two fixes would silently not apply).
 */
function providerOwnership(shaper: LoadedIntervention, other: LoadedIntervention): Problem[] {
  const provider = shaper.manifest.match.providerKey;
  if (provider === undefined || !needsShapingPlugin(shaper.manifest.effects)) return [];
  return other.plugins
    .filter(({ pluginManifest }) => {
      const providers = pluginManifest.providers;
      return Array.isArray(providers) && providers.includes(provider);
    })
    .map(({ ref }) => ({
      file: shaper.pkg.manifestFile,
      pointer: "/effects/openclawRequestBody",
      message: `plugin ${ref.id} of ${other.manifest.id} registers provider ${provider}, which ${SHAPING_PLUGIN_ID} registers for this effect, and OpenClaw takes one plugin per provider: do the request change in that plugin, or narrow one match`,
    }));
}

/** Two interventions whose matches can hold for one route must not disagree on any effect. */
function overlapConflicts(interventions: readonly LoadedIntervention[]): Problem[] {
  const problems: Problem[] = [];
  for (const [i, j] of candidateOverlapPairs(interventions.map((item) => item.manifest.match))) {
    const a = interventions[i] as LoadedIntervention;
    const b = interventions[j] as LoadedIntervention;
    if (
      a.manifest.agent !== b.manifest.agent ||
      !shareARelease(a, b) ||
      !matchesCanOverlap(a.manifest.match, b.manifest.match)
    )
      continue;
    problems.push(...providerOwnership(a, b), ...providerOwnership(b, a));
    const conflicts = conflictsBetween(
      { source: a.manifest.id, effects: a.manifest.effects },
      { source: b.manifest.id, effects: b.manifest.effects },
    );
    for (const conflict of conflicts) {
      problems.push({
        file: b.pkg.manifestFile,
        pointer: `/effects/${conflict.key.split(".")[0]}`,
        message: `matches can overlap with ${a.pkg.manifestFile} and ${describeConflict(conflict)}`,
      });
    }
  }
  return problems;
}

/** Two interventions can only disagree on a release both apply to: disjoint ranges may fix one model twice. */
function shareARelease(a: LoadedIntervention, b: LoadedIntervention): boolean {
  return OPENCLAW_RELEASES.some(
    (release) =>
      appliesOnRelease(a.manifest.openclaw, release) && appliesOnRelease(b.manifest.openclaw, release),
  );
}

/** Splits the interventions by whether their `openclaw` range takes the release the image targets. */
export function byRelease(
  interventions: readonly LoadedIntervention[],
  release: string,
): { applied: LoadedIntervention[]; notApplied: LoadedIntervention[] } {
  const applied: LoadedIntervention[] = [];
  const notApplied: LoadedIntervention[] = [];
  for (const item of interventions) {
    (appliesOnRelease(item.manifest.openclaw, release) ? applied : notApplied).push(item);
  }
  return { applied, notApplied };
}

/**
 * Ranges that take no supported release, and compat keys the target OpenClaw release does not accept. The
 * manifest schema follows the newest release; an image built for an older one must not carry a key that release
 * refuses (OpenClaw rejects the whole config). An intervention the release is outside of is not staged, so its
 * keys are not checked against it.
 */
export function releaseCheck(interventions: readonly LoadedIntervention[], release: string): Problem[] {
  const accepted = openclawCompatOf(release);
  if (!accepted) throw new Error(`unsupported OpenClaw release ${release}`);
  const problems: Problem[] = [];
  for (const { pkg, manifest } of interventions) {
    const range = manifest.openclaw;
    if (range !== undefined && !OPENCLAW_RELEASES.some((r) => appliesOnRelease(range, r))) {
      problems.push({
        file: pkg.manifestFile,
        pointer: "/openclaw",
        message: `range ${JSON.stringify(range)} takes none of the supported OpenClaw releases (${OPENCLAW_RELEASES.join(", ")}): widen it, or remove the intervention`,
      });
    }
    if (!appliesOnRelease(range, release)) continue;
    if (
      manifest.effects.openclawReplyShaping?.reasoningTags &&
      !isReleaseAtLeast(release, REASONING_TAGS_SINCE)
    ) {
      problems.push({
        file: pkg.manifestFile,
        pointer: "/effects/openclawReplyShaping/reasoningTags",
        message: `OpenClaw ${release} strips reasoning tags from the answer before any plugin sees it, so this shaping would be silently off there: give the intervention a range that starts at ${REASONING_TAGS_SINCE} ("openclaw": ">=${REASONING_TAGS_SINCE}"), or build for a newer release`,
      });
    }
    const compatKeys = (["openclawCompat", "openclawCompatDefaults"] as const).flatMap((effect) =>
      Object.keys(manifest.effects[effect] ?? {}).map((key) => [effect, key] as const),
    );
    for (const [effect, key] of compatKeys) {
      if (Object.hasOwn(accepted, key)) continue;
      const releases = OPENCLAW_RELEASES.filter((r) => Object.hasOwn(openclawCompatOf(r) ?? {}, key));
      problems.push({
        file: pkg.manifestFile,
        pointer: jsonPointer(["effects", effect, key]),
        message: `OpenClaw ${release} does not accept compat key ${key} (releases that do: ${releases.join(", ") || "none"}): remove it or build for one of those releases`,
      });
    }
  }
  return problems;
}
