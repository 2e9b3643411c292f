import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  buildIndexFiles,
  canonicalJson,
  compareCodePoints,
  MANAGED_ROUTE,
  type Manifest,
  NEWEST_OPENCLAW_RELEASE,
  PLUGIN_INSTALL_ROOT,
  parseManifestText,
  REGISTRY_FILE,
  REGISTRY_SCHEMA_VERSION,
  type Registry,
  type RouteContext,
  SETUP_DIR,
  type SetupRecord,
  stageRecord,
  toSetupRecord,
} from "@model-setup/manifest";
import { indexDirOf, type StagedIntervention } from "../../src/index.js";

export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** Frozen copies of the interventions the repository carried (see test/fixtures/README.md). */
const FIXTURE_INTERVENTIONS = join(PACKAGE_ROOT, "test", "fixtures", "interventions");

export function managedRoute(modelId: string, overrides: Partial<RouteContext> = {}): RouteContext {
  return { modelId, ...MANAGED_ROUTE, ...overrides };
}

export interface PackagedManifest {
  manifest: Manifest;
  pkg: { name: string; version: string };
}

/** Every fixture intervention's manifest, validated, with its package identity. */
export function fixtureInterventions(): PackagedManifest[] {
  return readdirSync(FIXTURE_INTERVENTIONS, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((id) => {
      const dir = join(FIXTURE_INTERVENTIONS, id);
      const file = join(dir, "manifest.json");
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
        name: string;
        version: string;
      };
      return { manifest: parseManifestText(readFileSync(file, "utf8"), file, id), pkg };
    });
}

export function fixtureRecords(): SetupRecord[] {
  return fixtureInterventions().map(({ manifest }) => toSetupRecord(manifest));
}

const fixturePackages = new Map(fixtureInterventions().map(({ manifest, pkg }) => [manifest.id, pkg]));

/** The package a test record comes from: the fixture's own, else `@test/<id>` 1.0.0. */
export function packageOf(id: string): { name: string; version: string } {
  return fixturePackages.get(id) ?? { name: `@test/${id}`, version: "1.0.0" };
}

/** Records with their packages, as registry.json lists them (what explain reads). */
export function staged(records: readonly SetupRecord[]): StagedIntervention[] {
  return records.map((manifest) => ({ manifest, package: packageOf(manifest.id) }));
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function writeRelative(root: string, path: string, content: string): void {
  const file = join(root, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}

/**
 * Writes a model-specific-setup directory as the registry builder lays it out (`stageRecord`: each record's
 * upstream half in it, the rest in its sibling index directory), with the sharded index and registry.json.
 */
export function writeSetupDir(
  root: string,
  records: readonly SetupRecord[],
  options: { registry?: boolean; openclaw?: Registry["openclaw"] } = {},
) {
  mkdirSync(root, { recursive: true });
  const indexDir = indexDirOf(root);
  const contextRoot = dirname(indexDir);
  const entries: Registry["interventions"] = [];
  for (const record of records) {
    const staged = stageRecord(record);
    for (const file of staged.files) writeRelative(contextRoot, file.path, file.content);
    entries.push({
      id: record.id,
      agent: record.agent,
      package: packageOf(record.id),
      records: staged.records,
      files: Object.fromEntries(staged.files.map((file) => [file.path, sha256(file.content)])),
      manifest: record,
      upstream: { dropped: staged.dropped, ...(staged.notStaged ? { notStaged: staged.notStaged } : {}) },
    });
  }
  for (const [path, content] of buildIndexFiles(records)) writeRelative(indexDir, path, content);
  if (options.registry !== false) {
    const registry: Registry = {
      schemaVersion: REGISTRY_SCHEMA_VERSION,
      pluginInstallRoot: PLUGIN_INSTALL_ROOT,
      openclaw: options.openclaw ?? { release: NEWEST_OPENCLAW_RELEASE, notApplied: [] },
      interventions: entries.sort((a, b) => compareCodePoints(a.id, b.id)),
      sharedPlugins: [],
    };
    writeRelative(indexDir, REGISTRY_FILE, canonicalJson(registry));
  }
}

export function tempDir(prefix = "openclaw-config-"): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A private context folder: `path` is its (not yet written) setup directory, `index` that one's index sibling. */
export function setupTempDir(): { path: string; index: string; remove: () => void } {
  const root = tempDir();
  const path = join(root.path, SETUP_DIR);
  return { path, index: indexDirOf(path), remove: root.remove };
}

/** A setup record for tests: a managed-route openclaw intervention with the given selector and effects. */
export function record(id: string, match: Manifest["match"], effects: Manifest["effects"]): SetupRecord {
  const manifest: Manifest = {
    id,
    agent: "openclaw",
    description: `test intervention ${id}`,
    evidence: ["#1"],
    removeWhen: "the test model no longer needs it",
    match: { ...match },
    effects,
  };
  return toSetupRecord(manifest);
}
