/**
 * The OpenClaw releases this project supports and what each accepts, derived from each release's own type
 * declarations by `pnpm --filter @model-setup/e2e facts` (openclaw-releases.json; the e2e package's tests fail
 * while it differs from the installed releases): the compat keys each accepts (an image built for a release must
 * not carry a key it refuses) and the provider-plugin hooks each calls.
 */
// One function per import: the semver index loads every module of the package, and the config generator, which
// runs once per sandbox start, needs three of them.
import compare from "semver/functions/compare.js";
import gte from "semver/functions/gte.js";
import satisfies from "semver/functions/satisfies.js";
import facts from "./openclaw-releases.json" with { type: "json" };

export type CompatValueKind = "boolean" | "other";

const releases = facts.releases as Record<
  string,
  { compat: Record<string, CompatValueKind>; providerHooks: string[] }
>;

/** The supported releases, oldest first. */
export const OPENCLAW_RELEASES: readonly string[] = Object.keys(releases).sort(compare);

/** The release images target unless told otherwise: the newest supported one. */
export const NEWEST_OPENCLAW_RELEASE = OPENCLAW_RELEASES.at(-1) as string;

/** The compat keys `release` accepts, with the kind of value each takes; undefined for an unsupported release. */
export function openclawCompatOf(release: string): Readonly<Record<string, CompatValueKind>> | undefined {
  return Object.hasOwn(releases, release) ? releases[release]?.compat : undefined;
}

/** The provider-plugin hooks `release` calls; undefined for an unsupported release. */
export function openclawProviderHooksOf(release: string): readonly string[] | undefined {
  return Object.hasOwn(releases, release) ? releases[release]?.providerHooks : undefined;
}

/**
 * The first release whose openai-completions adapter hands a plugin reasoning tags as the model wrote them (measured
 * on the real releases: 2026.7.1 runs every answer text through its own tag partitioner first, which strips the
 * tags and leaves the reasoning before an orphan closing tag in the answer, so no plugin can find it).
 */
export const REASONING_TAGS_SINCE = "2026.8.0";

/** Whether an intervention with this `openclaw` range (none: every release) applies on `release`. */
export function appliesOnRelease(range: string | undefined, release: string): boolean {
  return range === undefined || satisfies(release, range);
}

/** Whether `release` is `floor` or newer (OpenClaw versions are semantic versions: 2026.8.2). */
export function isReleaseAtLeast(release: string, floor: string): boolean {
  return gte(release, floor);
}
