/**
 * Finds interventions and their e2e cases through the one discovery of intervention packages
 * (@model-setup/discovery): each intervention's hand-written cases are `e2e/*.case.ts`. No hard-coded list.
 */
import { existsSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { discoverWorkspace, readPackageFile } from "@model-setup/discovery";
import { checkManifestText, compareCodePoints, formatProblem, type Manifest } from "@model-setup/manifest";

export interface DiscoveredCaseFile {
  interventionId: string;
  packageDir: string;
  file: string;
}

export interface DiscoveredIntervention {
  manifest: Manifest;
  packageDir: string;
  manifestFile: string;
  /** Its hand-written cases: `e2e/*.case.ts`, sorted. */
  caseFiles: string[];
}

/** Every intervention of the workspace with its validated manifest; a broken one stops the run with its problems. */
export async function discoverInterventions(repoRoot: string): Promise<DiscoveredIntervention[]> {
  const discovery = await discoverWorkspace(repoRoot);
  const problems = [...discovery.problems];
  const found: DiscoveredIntervention[] = [];
  for (const pkg of discovery.packages) {
    const read = readPackageFile(pkg.dir, pkg.manifestFile);
    if (!read.ok) {
      problems.push({ file: pkg.manifestFile, pointer: "", message: read.message });
      continue;
    }
    const checked = checkManifestText(read.text, pkg.manifestFile, basename(pkg.dir));
    if (!checked.ok) {
      problems.push(...checked.problems);
      continue;
    }
    const e2eDir = join(pkg.dir, "e2e");
    const caseFiles = existsSync(e2eDir)
      ? readdirSync(e2eDir)
          .filter((name) => name.endsWith(".case.ts"))
          .sort(compareCodePoints)
          .map((name) => join(e2eDir, name))
      : [];
    found.push({
      manifest: checked.manifest,
      packageDir: pkg.dir,
      manifestFile: pkg.manifestFile,
      caseFiles,
    });
  }
  if (problems.length > 0) {
    const lines = problems.map(formatProblem);
    throw new Error(`workspace discovery failed; run registry-builder check:\n${lines.join("\n")}`);
  }
  return found;
}

export async function discoverCaseFiles(repoRoot: string): Promise<DiscoveredCaseFile[]> {
  return (await discoverInterventions(repoRoot))
    .flatMap(({ manifest, packageDir, caseFiles }) =>
      caseFiles.map((file) => ({ interventionId: manifest.id, packageDir, file })),
    )
    .sort((a, b) => compareCodePoints(a.file, b.file));
}

/** Comma-separated intervention ids or case names (exact); empty means all. */
export function matchesFilter(filter: string | undefined, interventionId: string, caseName: string): boolean {
  const wanted = (filter ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return wanted.length === 0 || wanted.includes(interventionId) || wanted.includes(caseName);
}
