/** Imports the discovered case files and checks each export against its owning intervention. */
import { basename } from "node:path";
import { pathToFileURL } from "node:url";
import {
  appliesOnRelease,
  type Manifest,
  matchesRoute,
  NEWEST_OPENCLAW_RELEASE,
} from "@model-setup/manifest";
import { type E2ECase, routeContextOf } from "./case.js";
import { deriveCases } from "./derived-cases.js";
import { type DiscoveredCaseFile, discoverInterventions, matchesFilter } from "./discover.js";

export interface LoadedCase {
  /** The owning intervention's manifest (its id; what a necessity run leaves out). */
  manifest: Manifest;
  /** The owning intervention's package folder. */
  packageDir: string;
  file: string;
  case: E2ECase;
}

export function validateCase(found: DiscoveredCaseFile, value: unknown): E2ECase {
  const c = value as E2ECase | undefined;
  if (!c || typeof c !== "object" || typeof c.name !== "string" || typeof c.assert !== "function") {
    throw new Error(`${found.file}: default export is not an E2ECase`);
  }
  const expected = `${found.interventionId}-${basename(found.file, ".case.ts")}`;
  if (c.name !== expected) {
    throw new Error(
      `${found.file}: case name ${c.name} must be "${expected}" (<intervention-id>-<behaviour>)`,
    );
  }
  if (!Array.isArray(c.mock) || c.mock.length === 0) throw new Error(`${found.file}: empty mock script`);
  return c;
}

/**
 * Every case of every intervention for one OpenClaw release: the ones derived from its declarative effects (file:
 * its manifest), then its hand-written `e2e/*.case.ts`, which take the intervention's `openclaw` range unless
 * they declare their own. Case names are unique across the workspace.
 */
export async function loadCases(
  repoRoot: string,
  filter?: string,
  release = NEWEST_OPENCLAW_RELEASE,
): Promise<LoadedCase[]> {
  const loaded: LoadedCase[] = [];
  const names = new Set<string>();
  const interventions = await discoverInterventions(repoRoot);
  const manifests = interventions.map((found) => found.manifest);
  for (const { manifest, packageDir, manifestFile, caseFiles } of interventions) {
    const cases: { file: string; case: E2ECase }[] = deriveCases(manifest, manifests, release).map((c) => ({
      file: manifestFile,
      case: c,
    }));
    for (const file of caseFiles) {
      const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
      const found = { interventionId: manifest.id, packageDir, file };
      const c = validateCase(found, mod.default);
      const range = c.openclaw ?? manifest.openclaw;
      cases.push({ file, case: range === undefined ? c : { ...c, openclaw: range } });
    }
    for (const { file, case: c } of cases) {
      if (names.has(c.name)) throw new Error(`${file}: duplicate e2e case name ${c.name}`);
      names.add(c.name);
      if (matchesFilter(filter, manifest.id, c.name)) loaded.push({ manifest, packageDir, file, case: c });
    }
  }
  return loaded;
}

/**
 * How the runner treats a case on a release: a todo is reported and never run; a case whose range excludes the
 * release is reported as not applicable there; a known issue must reproduce; else it runs.
 */
export function caseMode(
  c: E2ECase,
  release = NEWEST_OPENCLAW_RELEASE,
): "todo" | "not-applicable" | "known-issue" | "run" {
  if (c.todo) return "todo";
  if (!appliesOnRelease(c.openclaw, release)) return "not-applicable";
  const issue = c.knownIssue;
  return issue && (issue.openclaw === undefined || issue.openclaw.includes(release)) ? "known-issue" : "run";
}

/**
 * A positive case shows its intervention at work on `release`: its route is one the intervention's manifest
 * matches, on a release in the intervention's range (elsewhere its derived case checks it stays off).
 */
export function isPositive({ manifest, case: c }: LoadedCase, release: string): boolean {
  return (
    manifest.agent === "openclaw" &&
    appliesOnRelease(manifest.openclaw, release) &&
    matchesRoute(manifest.match, routeContextOf(c.route))
  );
}
