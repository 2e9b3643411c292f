/**
 * Everything a run needs before entering the namespace: its own temp folder (state, home, work, tmp), the
 * config produced by the project's generator (used byte-for-byte), a per-run CA + certificate, the hosts file
 * and the launcher spec.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import {
  isReleaseAtLeast,
  NEWEST_OPENCLAW_RELEASE,
  OPENCLAW_RELEASES,
  PLUGIN_INSTALL_ROOT,
  PLUGINS_DIR,
  SETUP_DIR,
  stagedPluginFolder,
} from "@model-setup/manifest";
import { type CaseRoute, type E2ECase, resolveRoute } from "./case.js";
import { makeOpenclawDirs } from "./launcher/openclaw-cli.js";
import {
  ARTIFACTS_ROOT,
  CONFIG_CLI,
  LAUNCHER,
  MODEL_SPECIFIC_SETUP_DIR,
  NODE24,
  REPO_ROOT,
  releaseDir,
  STAGED_PLUGINS_DIR,
} from "./paths.js";
import { ARTIFACT_FILES, type BindMount, type LaunchSpec, type TurnDriver } from "./spec.js";
import { createTestTls, type TestTls } from "./tls.js";
import { isRecord, type JsonRecord } from "./trajectory.js";
import { installWireRecorder } from "./wire-recorder.js";

export const MOCK_API_KEY = "e2e-mock-key";
export const CONTEXT_WINDOW = 131072;
export const MAX_TOKENS = 8192;
/**
 * The address the route's host name resolves to inside the namespace: a private (RFC 1918) address like a
 * sandbox gateway's, on `lo` of the run's own network namespace only. Not 127.0.0.1: OpenClaw's SSRF guard
 * trusts the configured base-URL origin of a custom/local endpoint but still refuses a loopback resolution,
 * and opting in would mean changing the generated config.
 */
export const MOCK_ADDRESS = "10.200.0.1";
/** The port the route's `https://` base URL names by default. */
export const MOCK_PORT = 443;

export interface RunOptions {
  /** An image context to run against instead of the one `pnpm turbo build` assembled (harness self-tests). */
  contextDir?: string;
  /** The OpenClaw release to run (one of the supported ones); default the newest. */
  openclaw?: string;
  /** Artefact folder name; defaults to the case name. */
  label?: string;
}

export interface PreparedRun {
  spec: LaunchSpec;
  specFile: string;
  config: JsonRecord;
  launcher: string;
}

/** 2026.7 runs a headless turn as `agent --local`; 2026.8 introduced `agent exec`. */
export function turnDriver(release: string): TurnDriver {
  return isReleaseAtLeast(release, "2026.8.0") ? "exec" : "local";
}

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
): { config: JsonRecord; earlier: { label: string; configPath: string }[] } {
  const [first = c.route] = c.switchedFrom ?? [];
  const args = [CONFIG_CLI, "generate", "--out", outFile];
  if (c.baseConfig) {
    const baseFile = join(dirname(outFile), "base-openclaw.json");
    writeFileSync(baseFile, `${JSON.stringify(c.baseConfig, null, 2)}\n`);
    args.push("--base", baseFile);
  }
  configCli(args, routeEnv(first, setupDir));
  const earlier: { label: string; configPath: string }[] = [];
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

/**
 * The run mounts its own copy of a plugin tree: OpenClaw refuses plugin files owned by anyone but its own user or
 * root, and in a user namespace the owner of a checkout (say, root's, read by another user) can be neither. A copy
 * is the run's user's, and a rebuild of the image context during the run cannot change what the run loads.
 */
function copyPlugins(source: string, runDir: string, name: string): string {
  const copy = join(runDir, name);
  cpSync(source, copy, { recursive: true, verbatimSymlinks: true });
  return copy;
}

/** What a case brings to a run: its folders, its generated config (and the earlier ones) and its spec's case part. */
export interface PreparedCase {
  artifactsDir: string;
  configPath: string;
  config: JsonRecord;
  earlier: { label: string; configPath: string }[];
  /** The route's host name, mapped to the mock inside the namespace. */
  host: string;
  mock: LaunchSpec["mock"]["script"];
  rules: LaunchSpec["mock"]["rules"];
  modelIds: string[];
  agent: LaunchSpec["agent"];
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
    mock: c.mock,
    rules: c.endpoint ?? [],
    modelIds: [route.model],
    agent: {
      ...(c.thinking ? { thinking: c.thinking } : {}),
      modelRef: `${route.providerKey}/${route.model}`,
      prompt: c.prompt,
      timeoutSeconds: c.timeoutSeconds ?? 60,
    },
    inspectPlugins: [...new Set([...configuredPluginIds(config), ...c.plugins])].sort(),
  };
}

/**
 * What a namespace binds for its runs: a hosts file mapping `hosts` to the mock, an nsswitch that reads only it, a
 * CA and a certificate for those names, and the run's copy of the plugin tree, each plugin's entry recording the
 * request bodies it shapes to `builtLog` (wire-recorder.ts).
 */
export function namespaceFiles(
  runDir: string,
  hosts: string[],
  contextDir: string | undefined,
  builtLog: string,
): { tls: TestTls; mounts: BindMount[] } {
  const names = [...new Set(hosts)].sort();
  const tls = createTestTls(join(runDir, "tls"), names);
  const hostsFile = join(runDir, "hosts");
  const mapped = names.map((host) => `${MOCK_ADDRESS} ${host}\n`).join("");
  writeFileSync(hostsFile, `127.0.0.1 localhost\n::1 localhost\n${mapped}`);
  // Names resolve from the hosts file above only, whatever the machine's resolver order (dns, mdns, sssd…) says.
  const nsswitchFile = join(runDir, "nsswitch.conf");
  writeFileSync(nsswitchFile, "passwd: files\ngroup: files\nhosts: files\n");
  const plugins = copyPlugins(
    contextDir ? join(contextDir, PLUGINS_DIR) : STAGED_PLUGINS_DIR,
    runDir,
    "plugins",
  );
  installWireRecorder(plugins, builtLog);
  const mounts: BindMount[] = [
    { source: hostsFile, target: "/etc/hosts", readOnly: true },
    { source: nsswitchFile, target: "/etc/nsswitch.conf", readOnly: true },
    { source: plugins, target: PLUGIN_INSTALL_ROOT, readOnly: true },
  ];
  return { tls, mounts };
}

export function prepareRun(c: E2ECase, options: RunOptions = {}): PreparedRun {
  // Checked before anything is created: a refused run leaves no scratch folder behind.
  const release = requireRelease(options.openclaw ?? NEWEST_OPENCLAW_RELEASE);
  const label = options.label ?? c.name;
  const artifactsDir = freshArtifactsDir(label);
  const runDir = mkdtempSync(join(tmpdir(), `model-setup-e2e-${label.slice(0, 40)}-`));
  const agentDirs = makeOpenclawDirs(join(runDir, "agent"));
  const checkDirs = makeOpenclawDirs(join(runDir, "checks"));
  const prepared = prepareCase(c, runDir, artifactsDir, options.contextDir);
  const builtLog = join(artifactsDir, ARTIFACT_FILES.builtRequests);
  const { tls, mounts } = namespaceFiles(runDir, [prepared.host], options.contextDir, builtLog);
  const spec: LaunchSpec = {
    caseName: c.name,
    node24: NODE24,
    openclawMjs: join(releaseDir(release), "openclaw.mjs"),
    openclaw: { version: release, driver: turnDriver(release) },
    runDir,
    artifactsDir,
    configPath: prepared.configPath,
    agentDirs,
    checkDirs,
    hostPaths: [REPO_ROOT, runDir, artifactsDir, ...mounts.map((m) => m.source)],
    mounts,
    tls,
    mock: {
      script: prepared.mock,
      rules: prepared.rules,
      modelIds: prepared.modelIds,
      address: MOCK_ADDRESS,
      port: MOCK_PORT,
    },
    agent: prepared.agent,
    inspectPlugins: prepared.inspectPlugins,
    earlierConfigs: prepared.earlier,
  };
  const specFile = join(runDir, ARTIFACT_FILES.spec);
  writeFileSync(specFile, `${JSON.stringify(spec, null, 2)}\n`);
  copyFileSync(specFile, join(artifactsDir, ARTIFACT_FILES.spec));
  return { spec, specFile, config: prepared.config, launcher: LAUNCHER };
}
