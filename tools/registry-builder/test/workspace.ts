import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { extract, type Header } from "tar-stream";
import { assemble, discoverWorkspace } from "../src/index.js";

/** The builder's command line, as users run it. */
export const CLI = fileURLToPath(new URL("../bin/registry-builder.js", import.meta.url));

export const MANAGED = {
  providerKey: "inference",
  inferenceApi: "openai-completions",
  baseUrl: "https://inference.local/v1",
};

export function manifestFor(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    agent: "openclaw",
    description: `test intervention ${id}`,
    match: { modelIds: [`vendor/${id}`], ...MANAGED },
    effects: { openclawTools: { toolSearch: false } },
    ...overrides,
  };
}

export const PLUGIN_MANIFEST = (id: string) =>
  JSON.stringify({ id, configSchema: { type: "object", additionalProperties: false, properties: {} } });

export function pluginFiles(
  id: string,
  entry = "export default { id: 'x', register() {} };\n",
): Record<string, string> {
  return { "plugin/openclaw.plugin.json": PLUGIN_MANIFEST(id), "plugin/src/index.ts": entry };
}

/** A manifest staging one plugin from the package's plugin/ folder. */
export function withPlugin(id: string, pluginId = "p-compat", extra: Record<string, unknown> = {}) {
  return manifestFor(id, { effects: { openclawPlugins: [{ id: pluginId, path: "plugin", ...extra }] } });
}

/** Every entry of a tar archive, in order: its header and its content. */
export async function readTar(archive: Buffer): Promise<{ header: Header; content: Buffer }[]> {
  const entries: { header: Header; content: Buffer }[] = [];
  const reader = extract();
  reader.on("entry", (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: unknown) => {
      chunks.push(chunk as Buffer);
    });
    stream.on("end", () => {
      entries.push({ header, content: Buffer.concat(chunks) });
      next();
    });
  });
  const done = new Promise<void>((resolve, reject) => {
    reader.on("finish", resolve);
    reader.on("error", reject);
  });
  reader.end(archive);
  await done;
  return entries;
}

export interface PackageSpec {
  /** Manifest value (serialised) or raw text; omitted means a valid default for the folder name. */
  manifest?: unknown;
  pkg?: Record<string, unknown>;
  files?: Record<string, string>;
}

/** A throw-away pnpm workspace with intervention packages, laid out like the real one. */
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

export async function assembleWorkspace(root: string) {
  const discovery = await discoverWorkspace(root);
  if (discovery.problems.length > 0) return { ok: false as const, problems: discovery.problems };
  return assemble(discovery.packages);
}

/** The problems of a workspace build, with file paths relative to the workspace root. */
export async function problemsOf(root: string) {
  const result = await assembleWorkspace(root);
  if (result.ok) return [];
  return result.problems.map((p) => ({ ...p, file: p.file.slice(root.length + 1) }));
}
