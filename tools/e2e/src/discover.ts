/**
 * Finds e2e cases through the one discovery of intervention packages (@model-setup/discovery): each
 * intervention's cases are `e2e/*.case.ts`. No hard-coded list.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { discoverWorkspace, readPackageFile } from "@model-setup/discovery";
import { compareCodePoints } from "@model-setup/manifest";

export interface DiscoveredCaseFile {
  interventionId: string;
  packageDir: string;
  file: string;
}

export async function discoverCaseFiles(repoRoot: string): Promise<DiscoveredCaseFile[]> {
  const discovery = await discoverWorkspace(repoRoot);
  if (discovery.problems.length > 0) {
    const lines = discovery.problems.map((p) => `${p.file}${p.pointer ? `#${p.pointer}` : ""}: ${p.message}`);
    throw new Error(`workspace discovery failed; run registry-builder check:\n${lines.join("\n")}`);
  }
  const found: DiscoveredCaseFile[] = [];
  for (const pkg of discovery.packages) {
    const e2eDir = join(pkg.dir, "e2e");
    if (!existsSync(e2eDir)) continue;
    const read = readPackageFile(pkg.dir, pkg.manifestFile);
    const manifest = read.ok ? (JSON.parse(read.text) as { id?: unknown }) : {};
    if (typeof manifest.id !== "string") throw new Error(`${pkg.manifestFile}: manifest has no id`);
    for (const name of readdirSync(e2eDir)) {
      if (name.endsWith(".case.ts"))
        found.push({ interventionId: manifest.id, packageDir: pkg.dir, file: join(e2eDir, name) });
    }
  }
  return found.sort((a, b) => compareCodePoints(a.file, b.file));
}

/** `E2E_FILTER`: comma-separated intervention ids or case names (exact); empty means all. */
export function matchesFilter(filter: string | undefined, interventionId: string, caseName: string): boolean {
  const wanted = (filter ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return wanted.length === 0 || wanted.includes(interventionId) || wanted.includes(caseName);
}
