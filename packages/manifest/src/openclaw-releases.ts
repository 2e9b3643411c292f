/**
 * The OpenClaw releases this project supports and what each accepts, derived from each release's own type
 * declarations by `pnpm --filter @model-setup/e2e facts` (openclaw-releases.json; the e2e package's tests fail
 * while it differs from the installed releases). Which compat keys a release takes differs: an image built for a
 * release must not carry a key it refuses.
 */
import facts from "./openclaw-releases.json" with { type: "json" };
import { compareCodePoints } from "./values.js";

export type CompatValueKind = "boolean" | "other";

const releases = facts.releases as Record<string, { compat: Record<string, CompatValueKind> }>;

function releaseOrder(a: string, b: string): number {
  const parts = (version: string) => version.split(/[.-]/).map((part) => Number.parseInt(part, 10));
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const diff = (x[i] ?? 0) - (y[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return compareCodePoints(a, b);
}

/** The supported releases, oldest first. */
export const OPENCLAW_RELEASES: readonly string[] = Object.keys(releases).sort(releaseOrder);

/** The release images target unless told otherwise: the newest supported one. */
export const NEWEST_OPENCLAW_RELEASE = OPENCLAW_RELEASES.at(-1) as string;

/** The compat keys `release` accepts, with the kind of value each takes; undefined for an unsupported release. */
export function openclawCompatOf(release: string): Readonly<Record<string, CompatValueKind>> | undefined {
  return Object.hasOwn(releases, release) ? releases[release]?.compat : undefined;
}
