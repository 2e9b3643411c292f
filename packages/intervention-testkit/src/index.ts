import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import {
  checkManifestText,
  firstFailedPredicate,
  MANAGED_ROUTE,
  type Manifest,
  type Predicate,
  type RouteContext,
  splitForUpstream,
  toSetupRecord,
} from "@model-setup/manifest";
import { describe, expect, it } from "vitest";

export function managedRoute(modelId: string): RouteContext {
  return { modelId, ...MANAGED_ROUTE };
}

export interface InterventionExpectations {
  /** Routes the manifest must match. */
  matches: RouteContext[];
  /** Routes it must not match, each with the predicate expected to fail first. */
  misses: { route: RouteContext; failsOn: Predicate }[];
  /** The effects the manifest must declare, exactly. */
  effects: Manifest["effects"];
  /**
   * The effects upstream NemoClaw's readers get in the staged record (the rest stays this project's), or null when
   * no record is staged for them.
   */
  upstreamEffects: (keyof Manifest["effects"])[] | null;
}

/** Reads and validates the manifest of the package at `packageDir`; throws with every problem listed. */
export function loadOwnManifest(packageDir: string): Manifest {
  const file = join(packageDir, "manifest.json");
  const result = checkManifestText(readFileSync(file, "utf8"), file, basename(packageDir));
  if (!result.ok)
    throw new Error(result.problems.map((p) => `${p.file}#${p.pointer}: ${p.message}`).join("\n"));
  return result.manifest;
}

/** The suite every intervention runs: valid manifest, documented, matches exactly its routes. */
export function describeIntervention(packageDir: string, expected: InterventionExpectations): void {
  describe(`intervention ${basename(packageDir)}`, () => {
    const manifest = loadOwnManifest(packageDir);

    it("declares exactly the expected effects", () => {
      expect(manifest.effects).toEqual(expected.effects);
    });

    it.runIf(expected.upstreamEffects !== undefined)(
      "gives upstream NemoClaw's readers the expected effects",
      () => {
        const { upstream } = splitForUpstream(toSetupRecord(manifest));
        expect(upstream ? Object.keys(upstream.effects).sort() : null).toEqual(
          expected.upstreamEffects ? [...expected.upstreamEffects].sort() : null,
        );
      },
    );

    it("is discoverable through its package.json metadata", () => {
      const pkg = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));
      expect(pkg.modelSetup).toEqual({ manifest: "manifest.json" });
      expect(pkg.files).toContain("manifest.json");
      expect(pkg.version).toMatch(/^\d+\.\d+\.\d+/);
    });

    it("has a README that says why it exists, what it changes and how to remove it", () => {
      const readme = readFileSync(join(packageDir, "README.md"), "utf8");
      for (const heading of ["## Why", "## What it changes", "## How to remove it"]) {
        expect(readme).toContain(heading);
      }
    });

    it.each(expected.matches.map((route) => [route.modelId, route]))("matches %s", (_, route) => {
      expect(firstFailedPredicate(manifest.match, route)).toBeUndefined();
    });

    it.each(expected.misses.map((miss) => [`${miss.route.modelId} @ ${miss.route.baseUrl}`, miss]))(
      "does not match %s",
      (_, miss) => {
        expect(firstFailedPredicate(manifest.match, miss.route)).toBe(miss.failsOn);
      },
    );
  });
}
