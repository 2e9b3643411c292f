/**
 * What an intervention's e2e cases read beyond their own package, the harness and the config generator, written as
 * data so that turbo can hash it: each case's definition (everything but its functions, which live in the case file
 * or the harness) and, for every route its config is generated for, the staged files of the interventions that route
 * matches and of the shared plugins they need. Each intervention's `e2e` task takes its plan as an input hashed after
 * the plan is written (turbo.json), so a change elsewhere in the registry re-runs a case exactly when it changes what
 * that case runs, and nothing else does. Pure.
 */
import { canonicalJson, compareCodePoints, matchesRoute, type Registry } from "@model-setup/manifest";
import { type CaseRoute, routeContextOf } from "./case.js";
import { caseMode, type LoadedCase } from "./load-cases.js";

/** Where an intervention's plan is written, relative to its package (gitignored). */
export const PLAN_FILE = ".e2e-plan.json";

/** The staged files one route loads: each matching intervention's and each shared plugin's, with their sha256. */
function routeInputs(registry: Registry, route: CaseRoute) {
  const context = routeContextOf(route);
  const matched = registry.interventions.filter(
    (entry) => entry.agent === "openclaw" && matchesRoute(entry.manifest.match, context),
  );
  const ids = new Set(matched.map((entry) => entry.id));
  return {
    route: context,
    interventions: matched.map((entry) => ({ id: entry.id, files: entry.files })),
    sharedPlugins: registry.sharedPlugins
      .filter((plugin) => plugin.usedBy.some((id) => ids.has(id)))
      .map((plugin) => ({ id: plugin.id, files: plugin.files })),
  };
}

/** A case as data: functions (assert, a necessity judge) are code in its file or in the harness, hashed there. */
function caseData(loaded: LoadedCase): unknown {
  return JSON.parse(JSON.stringify(loaded.case));
}

/**
 * One plan per intervention package (by package folder), for the cases of one release on the context built for
 * it: canonical JSON, so the same inputs give the same bytes.
 */
export function planCases(
  cases: readonly LoadedCase[],
  registry: Registry,
  release: string,
): Map<string, string> {
  const byPackage = new Map<string, unknown[]>();
  for (const loaded of [...cases].sort((a, b) => compareCodePoints(a.case.name, b.case.name))) {
    const c = loaded.case;
    const routes = [...(c.switchedFrom ?? []), c.route].map((route) => routeInputs(registry, route));
    const planned = { case: caseData(loaded), mode: caseMode(c, release), routes };
    byPackage.set(loaded.packageDir, [...(byPackage.get(loaded.packageDir) ?? []), planned]);
  }
  return new Map(
    [...byPackage].map(([dir, planned]) => [dir, canonicalJson({ openclaw: release, cases: planned })]),
  );
}
