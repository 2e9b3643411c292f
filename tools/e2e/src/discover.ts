/**
 * Finds e2e cases through workspace metadata: every workspace package matched by pnpm-workspace.yaml whose
 * package.json has a `modelSetup` field is an intervention; its cases are `e2e/*.case.ts`. No hard-coded list.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isRecord } from "./trajectory.ts";

export interface DiscoveredCaseFile {
  interventionId: string;
  packageDir: string;
  file: string;
}

/** Reads the `packages:` globs of pnpm-workspace.yaml (the simple `- dir/*` form this repo uses). */
export function workspaceGlobs(repoRoot: string): string[] {
  const text = readFileSync(join(repoRoot, "pnpm-workspace.yaml"), "utf8");
  const globs: string[] = [];
  let inPackages = false;
  for (const line of text.split("\n")) {
    if (/^packages:\s*$/.test(line)) inPackages = true;
    else if (/^\S/.test(line)) inPackages = false;
    else if (inPackages) {
      const m = /^\s*-\s*["']?([^"'#]+?)["']?\s*(#.*)?$/.exec(line);
      if (m?.[1]) globs.push(m[1].trim());
    }
  }
  return globs;
}

function expand(repoRoot: string, glob: string): string[] {
  if (glob.startsWith("!")) return [];
  if (!glob.endsWith("/*")) return [join(repoRoot, glob)];
  const base = join(repoRoot, glob.slice(0, -2));
  if (!existsSync(base)) return [];
  return readdirSync(base, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(base, d.name));
}

export function discoverCaseFiles(repoRoot: string): DiscoveredCaseFile[] {
  const found: DiscoveredCaseFile[] = [];
  for (const dir of workspaceGlobs(repoRoot).flatMap((g) => expand(repoRoot, g))) {
    const pkgFile = join(dir, "package.json");
    if (!existsSync(pkgFile)) continue;
    const pkg = JSON.parse(readFileSync(pkgFile, "utf8")) as unknown;
    if (!isRecord(pkg) || !isRecord(pkg.modelSetup)) continue;
    const manifestRel =
      typeof pkg.modelSetup.manifest === "string" ? pkg.modelSetup.manifest : "manifest.json";
    const manifest = JSON.parse(readFileSync(join(dir, manifestRel), "utf8")) as unknown;
    if (!isRecord(manifest) || typeof manifest.id !== "string")
      throw new Error(`${pkgFile}: manifest has no id`);
    const e2eDir = join(dir, "e2e");
    if (!existsSync(e2eDir)) continue;
    for (const name of readdirSync(e2eDir).sort()) {
      if (name.endsWith(".case.ts"))
        found.push({ interventionId: manifest.id, packageDir: dir, file: join(e2eDir, name) });
    }
  }
  return found.sort((a, b) => a.file.localeCompare(b.file));
}

/** `E2E_FILTER`: comma-separated intervention ids or case names (exact); empty means all. */
export function matchesFilter(filter: string | undefined, interventionId: string, caseName: string): boolean {
  const wanted = (filter ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return wanted.length === 0 || wanted.includes(interventionId) || wanted.includes(caseName);
}
