/** Imports the discovered case files and checks each export against its owning intervention. */
import { basename } from "node:path";
import { pathToFileURL } from "node:url";
import type { E2ECase } from "./case.js";
import { type DiscoveredCaseFile, discoverCaseFiles, matchesFilter } from "./discover.js";

export interface LoadedCase {
  interventionId: string;
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

export async function loadCases(repoRoot: string, filter?: string): Promise<LoadedCase[]> {
  const loaded: LoadedCase[] = [];
  const names = new Set<string>();
  for (const found of await discoverCaseFiles(repoRoot)) {
    const mod = (await import(pathToFileURL(found.file).href)) as { default?: unknown };
    const c = validateCase(found, mod.default);
    if (names.has(c.name)) throw new Error(`duplicate e2e case name ${c.name}`);
    names.add(c.name);
    if (matchesFilter(filter, found.interventionId, c.name)) {
      loaded.push({ interventionId: found.interventionId, file: found.file, case: c });
    }
  }
  return loaded;
}

/** How the runner treats a case: a todo is reported and never run; a known issue must reproduce; else it runs. */
export function caseMode(c: E2ECase): "todo" | "known-issue" | "run" {
  if (c.todo) return "todo";
  return c.knownIssue ? "known-issue" : "run";
}
