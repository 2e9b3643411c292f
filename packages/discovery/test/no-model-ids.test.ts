/**
 * No per-model branching anywhere but in interventions: no source file of any other workspace package names a
 * model id, model id prefix, intervention id or plugin id that an intervention of this repository declares.
 * Tests, fixtures and builds are not sources; everything under src/, scripts/ and bin/ is.
 */
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { METADATA_FIELD, readPackageFile, readWorkspacePackages } from "../src/index.js";
import { pathsBelow, REPO } from "./repo.js";

const SOURCE_FOLDERS = ["src", "scripts", "bin"];

const filesBelow = (dir: string) =>
  pathsBelow(dir, (entry) => {
    if (entry.isDirectory()) return "descend";
    return /\.(ts|mts|js|mjs|cjs)$/.test(entry.name) ? "keep" : "skip";
  });

const workspace = await readWorkspacePackages(REPO);
const interventions = workspace.packages.filter((p) => Object.hasOwn(p.manifest, METADATA_FIELD));
const others = workspace.packages.filter((p) => !Object.hasOwn(p.manifest, METADATA_FIELD));

/** Every model id (whole and without its namespace), prefix, intervention id and plugin id declared. */
function selectors(): string[] {
  const found = new Set<string>();
  for (const pkg of interventions) {
    const file = join(pkg.dir, String((pkg.manifest[METADATA_FIELD] as { manifest: string }).manifest));
    const read = readPackageFile(pkg.dir, file);
    if (!read.ok) throw new Error(`${file} ${read.message}`);
    const manifest = JSON.parse(read.text) as {
      id: string;
      match: { modelIds?: string[]; modelIdPrefixes?: string[] };
      effects: { openclawPlugins?: { id: string }[] };
    };
    for (const id of manifest.match.modelIds ?? []) {
      found.add(id.toLowerCase());
      found.add(id.toLowerCase().slice(id.lastIndexOf("/") + 1));
    }
    for (const prefix of manifest.match.modelIdPrefixes ?? []) found.add(prefix);
    found.add(manifest.id);
    for (const plugin of manifest.effects.openclawPlugins ?? []) found.add(plugin.id);
  }
  return [...found].sort();
}

const sources = others.flatMap((pkg) =>
  SOURCE_FOLDERS.flatMap((folder) => filesBelow(join(pkg.dir, folder))).map((file) => ({
    name: relative(REPO, file),
    text: readFileSync(file, "utf8").toLowerCase(),
  })),
);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("no per-model branching outside interventions", () => {
  it("reads the selectors of every intervention and the sources of every other package", () => {
    expect(interventions.length).toBeGreaterThan(0);
    expect(selectors().length).toBeGreaterThanOrEqual(interventions.length);
    expect(sources.map((s) => s.name)).toContain("packages/discovery/src/discover.ts");
  });

  it.each(selectors())("no source names %s", (selector) => {
    // As a token: not part of a longer identifier (so `o1` is not found inside `0o1` or `foo1`).
    const token = new RegExp(`(^|[^a-z0-9_.-])${escapeRegExp(selector)}($|[^a-z0-9_])`);
    expect(sources.filter((source) => token.test(source.text)).map((source) => source.name)).toEqual([]);
  });
});
