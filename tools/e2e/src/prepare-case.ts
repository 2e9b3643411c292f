/**
 * One case's part of a run, prepared before the namespaces: its artefact folder, the config the project's generator
 * writes for its route (used byte for byte; a switch case's earlier configs kept), and what its turn needs.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { OPENCLAW_RELEASES, SETUP_DIR, stagedPluginFolder } from "@model-setup/manifest";
import { type CaseRoute, type E2ECase, resolveRoute } from "./case.js";
import { ARTIFACTS_ROOT, CONFIG_CLI, MODEL_SPECIFIC_SETUP_DIR } from "./paths.js";
import { ARTIFACT_FILES, type CaseSpec, type EarlierConfig } from "./spec.js";
import { isRecord, type JsonRecord } from "./trajectory.js";

export const MOCK_API_KEY = "e2e-mock-key";
export const CONTEXT_WINDOW = 131072;
export const MAX_TOKENS = 8192;
/** The generator's environment for a route: the env contract the image build uses. */
function routeEnv(c: CaseRoute, setupDir: string): NodeJS.ProcessEnv {
  const route = resolveRoute(c);
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    NEMOCLAW_MODEL: route.model,
    NEMOCLAW_INFERENCE_PROVIDER_ID: route.providerKey,
    NEMOCLAW_INFERENCE_BASE_URL: route.baseUrl,
    NEMOCLAW_INFERENCE_API: route.inferenceApi,
    NEMOCLAW_MODEL_SPECIFIC_SETUP_DIR: setupDir,
    NEMOCLAW_CONTEXT_WINDOW: String(CONTEXT_WINDOW),
    NEMOCLAW_MAX_TOKENS: String(MAX_TOKENS),
    NEMOCLAW_API_KEY: MOCK_API_KEY,
    NEMOCLAW_REASONING: String(route.reasoning),
    ...(route.upstreamProvider === undefined ? {} : { NEMOCLAW_UPSTREAM_PROVIDER: route.upstreamProvider }),
    ...(route.reasoningEffort === undefined ? {} : { NEMOCLAW_REASONING_EFFORT: route.reasoningEffort }),
  };
}

/** Runs openclaw-config; a failure throws with its stderr (execFileSync's error message carries it). */
function configCli(args: string[], env: NodeJS.ProcessEnv): void {
  execFileSync(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
}

function readConfig(file: string): JsonRecord {
  const parsed = JSON.parse(readFileSync(file, "utf8")) as unknown;
  if (!isRecord(parsed)) throw new Error(`config generator wrote a non-object to ${file}`);
  return parsed;
}

/**
 * Runs the config generator exactly as the image build would, with the route's env contract. A case that
 * switches routes gets its config generated for the first one and moved with `openclaw-config switch` through
 * the rest to its own; every config before the last is kept (copied) in `earlier` for OpenClaw to validate.
 */
export function generateCaseConfig(
  c: E2ECase,
  outFile: string,
  setupDir = MODEL_SPECIFIC_SETUP_DIR,
): { config: JsonRecord; earlier: EarlierConfig[] } {
  const [first = c.route] = c.switchedFrom ?? [];
  const args = [CONFIG_CLI, "generate", "--out", outFile];
  if (c.baseConfig) {
    const baseFile = join(dirname(outFile), "base-openclaw.json");
    writeFileSync(baseFile, `${JSON.stringify(c.baseConfig, null, 2)}\n`);
    args.push("--base", baseFile);
  }
  configCli(args, routeEnv(first, setupDir));
  const earlier: EarlierConfig[] = [];
  const passed = c.switchedFrom ?? [];
  passed.forEach((from, i) => {
    // The config as it stood on route `from`, kept before the switch to the next route rewrites it in place.
    const label = `${i + 1}-${resolveRoute(from).model.replaceAll("/", "_")}`;
    const configPath = join(dirname(outFile), `earlier-config-${label}.json`);
    copyFileSync(outFile, configPath);
    earlier.push({ label, configPath });
    configCli([CONFIG_CLI, "switch", "--config", outFile], routeEnv(passed[i + 1] ?? c.route, setupDir));
  });
  return { config: readConfig(outFile), earlier };
}

/** Plugin ids the generated config loads: its plugin entries staged in a folder of `plugins.load.paths`. */
export function configuredPluginIds(config: JsonRecord): string[] {
  const plugins = isRecord(config.plugins) ? config.plugins : {};
  const load = isRecord(plugins.load) ? plugins.load : {};
  const folders = new Set(Array.isArray(load.paths) ? load.paths.map((p) => basename(String(p))) : []);
  const entries = isRecord(plugins.entries) ? Object.keys(plugins.entries) : [];
  return entries.filter((id) => folders.has(stagedPluginFolder(id))).sort();
}

/** What a case brings to a run: its folders, its generated config (and the earlier ones) and its spec's case part. */
export interface PreparedCase {
  artifactsDir: string;
  configPath: string;
  config: JsonRecord;
  earlier: EarlierConfig[];
  /** The route's host name, mapped to the mock inside the namespace. */
  host: string;
  mock: CaseSpec["mock"];
  agent: CaseSpec["agent"];
  inspectPlugins: string[];
}

/** A supported release, or a clear refusal (before anything is created). */
export function requireRelease(release: string): string {
  if (!OPENCLAW_RELEASES.includes(release)) {
    throw new Error(`OpenClaw ${release} is not a supported release (${OPENCLAW_RELEASES.join(", ")})`);
  }
  return release;
}

/** The artefact folder of `label`, emptied: what an earlier run of the same case left there is not this run's. */
export function freshArtifactsDir(label: string): string {
  const artifactsDir = join(ARTIFACTS_ROOT, label);
  rmSync(artifactsDir, { recursive: true, force: true });
  mkdirSync(artifactsDir, { recursive: true });
  return artifactsDir;
}

/** Generates the case's config(s) in `caseDir`, copies them to the artefacts and describes the turn. */
export function prepareCase(
  c: E2ECase,
  caseDir: string,
  artifactsDir: string,
  contextDir: string | undefined,
): PreparedCase {
  const route = resolveRoute(c.route);
  const baseUrl = new URL(route.baseUrl);
  if (baseUrl.protocol !== "https:") throw new Error(`${c.name}: baseUrl must be https`);
  mkdirSync(caseDir, { recursive: true });
  const configPath = join(caseDir, "openclaw.json");
  const { config, earlier } = generateCaseConfig(
    c,
    configPath,
    contextDir ? join(contextDir, SETUP_DIR) : MODEL_SPECIFIC_SETUP_DIR,
  );
  copyFileSync(configPath, join(artifactsDir, ARTIFACT_FILES.config));
  for (const { configPath: file } of earlier) copyFileSync(file, join(artifactsDir, basename(file)));
  return {
    artifactsDir,
    configPath,
    config,
    earlier,
    host: baseUrl.hostname,
    mock: { script: c.mock, rules: c.endpoint ?? [], modelIds: [route.model] },
    agent: {
      ...(c.thinking ? { thinking: c.thinking } : {}),
      modelRef: `${route.providerKey}/${route.model}`,
      prompt: c.prompt,
      timeoutSeconds: c.timeoutSeconds ?? 60,
    },
    inspectPlugins: [...new Set([...configuredPluginIds(config), ...c.plugins])].sort(),
  };
}
