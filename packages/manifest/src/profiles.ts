/**
 * Build profiles: which consumer will read the staged registry, and so which manifest parts it understands. This
 * project's generator (`openclaw-config`) reads everything; upstream NemoClaw's generator reads fewer effect kinds
 * and match predicates, and aborts for every route on one it does not know (see the reference on upstream's
 * generator, 2026-08).
 */
import type { Manifest } from "./schema.js";

export const BUILD_PROFILES = {
  "model-setup": "this project's config generator (openclaw-config)",
  nemoclaw: "upstream NemoClaw's config generator",
} as const;
export type BuildProfile = keyof typeof BUILD_PROFILES;
export const DEFAULT_BUILD_PROFILE: BuildProfile = "model-setup";

const NEMOCLAW_EFFECTS: ReadonlySet<string> = new Set([
  "openclawCompat",
  "openclawPlugins",
  "openclawTools",
  "hermesCompat",
]);
const NEMOCLAW_MATCH_KEYS: ReadonlySet<string> = new Set([
  "modelIds",
  "modelIdPrefixes",
  "providerKey",
  "inferenceApi",
  "baseUrl",
]);

export function isBuildProfile(name: string): name is BuildProfile {
  return Object.hasOwn(BUILD_PROFILES, name);
}

export interface UnsupportedPart {
  /** JSON pointer into the manifest. */
  pointer: string;
  /** E.g. `effect openclawRequestBody`, `match predicate upstreamProvider`. */
  what: string;
}

/** The parts of a manifest the profile's consumer cannot read (none for this project's generator). */
export function unsupportedParts(manifest: Manifest, profile: BuildProfile): UnsupportedPart[] {
  if (profile === "model-setup") return [];
  return [
    ...Object.keys(manifest.match)
      .filter((key) => !NEMOCLAW_MATCH_KEYS.has(key))
      .map((key) => ({ pointer: `/match/${key}`, what: `match predicate ${key}` })),
    ...Object.keys(manifest.effects)
      .filter((key) => !NEMOCLAW_EFFECTS.has(key))
      .map((key) => ({ pointer: `/effects/${key}`, what: `effect ${key}` })),
  ];
}
