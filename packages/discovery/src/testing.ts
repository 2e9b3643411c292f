/**
 * Throw-away pnpm workspaces laid out like the real one, for the tests of every tool that reads workspaces.
 * (`@model-setup/discovery/testing`: test support, not used at run time.)
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { MANAGED_ROUTE } from "@model-setup/manifest";

/** A valid manifest for an intervention in folder `id`, on the managed route; `overrides` replace top-level fields. */
export function manifestFor(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    agent: "openclaw",
    description: `test intervention ${id}`,
    evidence: ["#1"],
    removeWhen: "the test model no longer needs it",
    match: { modelIds: [`vendor/${id}`], ...MANAGED_ROUTE },
    effects: { openclawTools: { toolSearch: false } },
    ...overrides,
  };
}

/** An openclaw.plugin.json OpenClaw accepts, for plugin `id`. */
export const PLUGIN_MANIFEST = (id: string): string =>
  JSON.stringify({ id, configSchema: { type: "object", additionalProperties: false, properties: {} } });

/** A plugin folder (`plugin/`) with its manifest and entry. */
export function pluginFiles(
  id: string,
  entry = "export default { id: 'x', register() {} };\n",
): Record<string, string> {
  return { "plugin/openclaw.plugin.json": PLUGIN_MANIFEST(id), "plugin/src/index.ts": entry };
}

/** A manifest staging one plugin from the package's plugin/ folder. */
export function withPlugin(
  id: string,
  pluginId = "p-compat",
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return manifestFor(id, { effects: { openclawPlugins: [{ id: pluginId, path: "plugin", ...extra }] } });
}

export interface PackageSpec {
  /** Manifest value (serialised) or raw text; omitted means `manifestFor(<folder name>)`. */
  manifest?: unknown;
  /** Fields merged over the default package.json (`@test/<folder name>`, 1.0.0, the metadata field). */
  pkg?: Record<string, unknown>;
  /** Further files, by path relative to the package. */
  files?: Record<string, string>;
}

/** A new workspace in a temp folder holding `packages` (folder relative to the root → spec). */
export function makeWorkspace(packages: Record<string, PackageSpec>, globs = ["interventions/*"]): string {
  const root = mkdtempSync(join(tmpdir(), "msetup-ws-"));
  writeFileSync(join(root, "pnpm-workspace.yaml"), `packages:\n${globs.map((g) => `  - ${g}\n`).join("")}`);
  writeFileSync(join(root, "package.json"), JSON.stringify({ name: "ws", private: true }));
  for (const [dir, spec] of Object.entries(packages)) addPackage(root, dir, spec);
  return root;
}

export function addPackage(root: string, dir: string, spec: PackageSpec = {}): void {
  const id = dir.split("/").pop() as string;
  const pkgDir = join(root, dir);
  mkdirSync(pkgDir, { recursive: true });
  const pkg = {
    name: `@test/${id}`,
    version: "1.0.0",
    modelSetup: { manifest: "manifest.json" },
    ...spec.pkg,
  };
  writeFileSync(join(pkgDir, "package.json"), JSON.stringify(pkg));
  const manifest = spec.manifest ?? manifestFor(id);
  writeFileSync(
    join(pkgDir, "manifest.json"),
    typeof manifest === "string" ? manifest : JSON.stringify(manifest),
  );
  for (const [file, content] of Object.entries(spec.files ?? {})) {
    mkdirSync(dirname(join(pkgDir, file)), { recursive: true });
    writeFileSync(join(pkgDir, file), content);
  }
}

/**
 * Links each runtime dependency of the package at `from` into its copy at `to`, to the very folder the original's
 * install linked (as `pnpm install` would): a plugin that imports a workspace package bundles it from its build,
 * which a copy of the package alone does not hold. A dependency the original has not installed is left out.
 */
export function linkDependencies(from: string, to: string): void {
  const { dependencies = {} } = JSON.parse(readFileSync(join(from, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
  };
  for (const name of Object.keys(dependencies)) {
    const installed = join(from, "node_modules", name);
    if (!existsSync(installed)) continue;
    const link = join(to, "node_modules", name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(realpathSync(installed), link);
  }
}
