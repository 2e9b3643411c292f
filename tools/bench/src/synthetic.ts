import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MANAGED_ROUTE } from "@model-setup/manifest";

/**
 * Synthetic interventions for scale benchmarks: every 10th carries a small plugin, the rest are config-only;
 * model ids are distinct and every 5th intervention matches a prefix family instead, so the overlap index and
 * the prefix shards get real work. None of them can overlap a real intervention or each other.
 */

export const SYNTHETIC_SCOPE = "@model-setup-synthetic";

export interface SyntheticIntervention {
  id: string;
  /** Folder relative to the workspace root. */
  dir: string;
  hasPlugin: boolean;
  files: Record<string, string>;
}

export function syntheticId(index: number): string {
  return `synthetic-${String(index).padStart(5, "0")}`;
}

function manifestOf(index: number, id: string, pluginId: string | undefined): Record<string, unknown> {
  const match =
    index % 5 === 4
      ? { modelIdPrefixes: [`synthfam${index}`], ...MANAGED_ROUTE }
      : { modelIds: [`synthvendor${index % 13}/synth-model-${index}`], ...MANAGED_ROUTE };
  const effects: Record<string, unknown> = pluginId
    ? { openclawPlugins: [{ id: pluginId, path: "plugin" }] }
    : index % 2 === 0
      ? { openclawCompat: { supportsStore: false, maxTokensField: "max_tokens" } }
      : { openclawTools: { toolSearch: false } };
  return {
    id,
    agent: "openclaw",
    description: `Synthetic intervention ${index} for scale benchmarks.`,
    evidence: [`#${index + 1}`],
    removeWhen: "the benchmark no longer needs it",
    match,
    effects,
  };
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** The files of synthetic intervention `index` (0-based), laid out like a real intervention package. */
export function syntheticIntervention(index: number): SyntheticIntervention {
  const id = syntheticId(index);
  const hasPlugin = index % 10 === 0;
  const pluginId = hasPlugin ? `${id}-compat` : undefined;
  const files: Record<string, string> = {
    "package.json": json({
      name: `${SYNTHETIC_SCOPE}/${id}`,
      version: "1.0.0",
      private: true,
      type: "module",
      modelSetup: { manifest: "manifest.json" },
    }),
    "manifest.json": json(manifestOf(index, id, pluginId)),
    "README.md": `# ${id}\n\nGenerated for benchmarks.\n`,
  };
  if (pluginId) {
    files["plugin/openclaw.plugin.json"] = json({
      id: pluginId,
      configSchema: { type: "object", additionalProperties: false, properties: {} },
    });
    files["plugin/src/rewrite.ts"] =
      `export function rewrite(text: string): string {\n  return text.replace(/${index}/g, "${index}!");\n}\n`;
    files["plugin/src/index.ts"] = [
      'import { rewrite } from "./rewrite.js";',
      "",
      `export default { id: "${pluginId}", register(api: { on?: (e: string, f: (t: string) => string) => void }) {`,
      '  api.on?.("text", rewrite);',
      "} };",
      "",
    ].join("\n");
  }
  return { id, dir: `interventions/${id}`, hasPlugin, files };
}

/** Writes `count` synthetic interventions under `<root>/interventions/` and returns them. */
export function writeSyntheticInterventions(root: string, count: number): SyntheticIntervention[] {
  const written: SyntheticIntervention[] = [];
  for (let index = 0; index < count; index++) {
    const item = syntheticIntervention(index);
    for (const [file, content] of Object.entries(item.files)) {
      const path = join(root, item.dir, file);
      mkdirSync(join(path, ".."), { recursive: true });
      writeFileSync(path, content);
    }
    written.push(item);
  }
  return written;
}

/** A minimal pnpm workspace holding only synthetic interventions (enough for the builder CLI alone). */
export function writeSyntheticWorkspace(root: string, count: number): SyntheticIntervention[] {
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, "pnpm-workspace.yaml"), "packages:\n  - interventions/*\n");
  writeFileSync(join(root, "package.json"), json({ name: "synthetic-workspace", private: true }));
  return writeSyntheticInterventions(root, count);
}

/** A change that invalidates exactly one intervention: its manifest description gets a new revision. */
export function touchManifest(manifestFile: string, revision: number): void {
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as { description: string };
  manifest.description = `${manifest.description.replace(/ \(rev \d+\)$/, "")} (rev ${revision})`;
  writeFileSync(manifestFile, json(manifest));
}
