/** Temp copies of the real workspace (root files + every intervention) to scaffold into. */

import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { discoverWorkspace } from "@model-setup/discovery";
import { linkDependencies } from "@model-setup/discovery/testing";
import { PLAN_FILE } from "@model-setup/e2e";
import { REGISTRY_FILE, type Registry, registrySchema, SETUP_INDEX_DIR } from "@model-setup/manifest";
import { assemble } from "@model-setup/registry-builder";
import { readWorkspace } from "../src/index.js";

export const REPO = fileURLToPath(new URL("../../..", import.meta.url));
export const CLI = fileURLToPath(new URL("../bin/create-intervention.js", import.meta.url));
/** Installs, builds and what an e2e run wrote (all git-ignored). */
const SKIP = new Set(["node_modules", "dist", ".turbo", PLAN_FILE]);

/** pnpm-workspace.yaml, package.json, tsconfig.base.json, biome.json and interventions/* (no node_modules). */
export function copyWorkspace(): string {
  const root = mkdtempSync(join(tmpdir(), "create-intervention-ws-"));
  for (const file of ["pnpm-workspace.yaml", "package.json", "tsconfig.base.json", "biome.json"]) {
    cpSync(join(REPO, file), join(root, file));
  }
  for (const name of readdirSync(join(REPO, "interventions"))) {
    cpSync(join(REPO, "interventions", name), join(root, "interventions", name), {
      recursive: true,
      filter: (source) => !SKIP.has(basename(source)),
    });
    linkDependencies(join(REPO, "interventions", name), join(root, "interventions", name));
  }
  return root;
}

/** Links what a scaffolded package needs to run its own tests in the copy, as `pnpm install` would. */
export function linkForTests(root: string, id: string): void {
  mkdirSync(join(root, "node_modules", "@types"), { recursive: true });
  symlinkSync(join(REPO, "node_modules/@types/node"), join(root, "node_modules/@types/node"));
  const scope = join(root, "interventions", id, "node_modules", "@model-setup");
  mkdirSync(scope, { recursive: true });
  symlinkSync(join(REPO, "packages/intervention-testkit"), join(scope, "intervention-testkit"));
  symlinkSync(join(REPO, "tools/e2e"), join(scope, "e2e"));
}

/** The workspace's Biome, as `pnpm install` would link it: the scaffolder formats what it writes with it. */
export function linkBiome(root: string): void {
  mkdirSync(join(root, "node_modules", "@biomejs"), { recursive: true });
  symlinkSync(join(REPO, "node_modules/@biomejs/biome"), join(root, "node_modules/@biomejs/biome"));
}

export function runCli(args: string[], cwd: string) {
  return spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Runs a workspace tool (vitest, tsc, biome) from the real repository on a folder of the copy. */
export function runTool(tool: "vitest" | "tsc" | "biome", args: string[], cwd: string) {
  const entry = {
    vitest: join(REPO, "node_modules/vitest/vitest.mjs"),
    tsc: join(REPO, "node_modules/typescript/bin/tsc"),
    biome: join(REPO, "node_modules/@biomejs/biome/bin/biome"),
  }[tool];
  return spawnSync(process.execPath, [entry, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, CI: "1" },
  });
}

export const ACME = [
  "--id",
  "acme-9-managed-inference",
  "--description",
  "Acme 9 rejects max_tokens on the managed route.",
  "--evidence",
  "#101,e2e:acme-9-managed-inference-derived-effects",
  "--remove-when",
  "Acme 9 accepts max_tokens.",
  "--model-prefixes",
  "acme-9,acme-10",
  "--compat",
  '{"maxTokensField":"max_completion_tokens"}',
  "--tool-search-off",
];

/** The id of an intervention the repository carries (whichever discovery lists first), for refusal tests. */
export async function existingInterventionId(): Promise<string> {
  const [id] = [...(await readWorkspace(REPO)).ids].sort();
  if (!id) throw new Error("the repository carries no intervention");
  return id;
}

/** Every file below `root` with its length, sorted: two snapshots differ when anything was written. */
export function snapshot(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      // Links are installs (node_modules), which no tool under test writes.
      if (entry.isSymbolicLink()) continue;
      if (entry.isDirectory()) walk(join(dir, entry.name), path);
      else out.push(`${path}:${readFileSync(join(dir, entry.name), "utf8").length}`);
    }
  };
  walk(root, "");
  return out.sort();
}

/** Builds the workspace with the real registry builder: its registry.json and the paths of the staged files. */
export async function buildWorkspace(
  root: string,
): Promise<{ registry: Registry; paths: string[]; read: (path: string) => unknown }> {
  const discovery = await discoverWorkspace(root);
  if (discovery.problems.length > 0) throw new Error(JSON.stringify(discovery.problems, null, 2));
  const built = await assemble(discovery.packages);
  if (!built.ok) throw new Error(JSON.stringify(built.problems, null, 2));
  const registryFile = built.output.files.find((f) => f.path === `${SETUP_INDEX_DIR}/${REGISTRY_FILE}`);
  return {
    registry: registrySchema.parse(JSON.parse(String(registryFile?.content))),
    paths: built.output.files.map((f) => f.path),
    read: (path) => JSON.parse(String(built.output.files.find((f) => f.path === path)?.content)),
  };
}
