/**
 * Everything a run needs before entering the namespaces (launcher/main.ts): each case's part (prepare-case.ts), one
 * CA and hosts file for all their routes, the run's copy of the plugin tree, the plan of cold plugin inspections (one
 * per plugin and distinct config) and the spec. A cold run holds one case; a gateway run the cases of a batch.
 */
import { copyFileSync, cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  isReleaseAtLeast,
  NEWEST_OPENCLAW_RELEASE,
  PLUGIN_INSTALL_ROOT,
  PLUGINS_DIR,
} from "@model-setup/manifest";
import type { E2ECase } from "./case.js";
import { ARTIFACTS_ROOT, LAUNCHER, NODE24, REPO_ROOT, releaseDir, STAGED_PLUGINS_DIR } from "./paths.js";
import { freshArtifactsDir, type PreparedCase, prepareCase, requireRelease } from "./prepare-case.js";
import {
  ARTIFACT_FILES,
  type BindMount,
  type CaseSpec,
  type PlannedInspection,
  type RunSpec,
  type TurnDriver,
} from "./spec.js";
import { createTestTls, type TestTls } from "./tls.js";
import { installWireRecorder } from "./wire-recorder.js";

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
  /** A cold run's artefact folder name; defaults to the case name. */
  label?: string;
}

export interface PreparedRun {
  spec: RunSpec;
  specFile: string;
  launcher: string;
}

/** How a cold OpenClaw of `release` runs a headless turn: 2026.7 as `agent --local`, 2026.8 on as `agent exec`. */
export function turnDriver(release: string): TurnDriver {
  return isReleaseAtLeast(release, "2026.8.0") ? "exec" : "local";
}

/**
 * The first release whose running gateway treats a config as a cold OpenClaw does. 2026.8.2's gateway does not
 * discover plugins added by a reload: `config.get` reports their entries as `plugin not found (stale config entry
 * ignored)` and the turn runs without them (measured 2026-12-05), so its cases run cold.
 */
export const BATCH_SINCE = "2026.9.0";

/**
 * A gateway's start and first turn cost about 30 s (measured 2026-12-05 on 2 cores), a cold case 12–15 s and a case
 * in a warm gateway 1–3 s: from three cases on one gateway is the faster way, below that cold runs are.
 */
export const BATCH_MIN_CASES = 3;

/** Whether `cases` cases on `release` run through one gateway rather than one cold OpenClaw each. */
export function runsAsBatch(release: string, cases: number): boolean {
  return isReleaseAtLeast(release, BATCH_SINCE) && cases >= BATCH_MIN_CASES;
}

/**
 * One inspection per plugin id and distinct config: a cold `plugins inspect --runtime` reads the whole file (it
 * fails on a config OpenClaw refuses, whatever its plugins section) and the plugin tree, which a batch shares. Cases
 * with equal configs share it. Returns the plan and, per case (in order), which planned inspection answers for each
 * of its plugins.
 */
export function planInspections(cases: Pick<PreparedCase, "config" | "configPath" | "inspectPlugins">[]): {
  inspections: PlannedInspection[];
  perCase: Record<string, string>[];
} {
  const byKey = new Map<string, PlannedInspection>();
  const perCase = cases.map((prepared) => {
    const config = JSON.stringify(prepared.config);
    const answers: Record<string, string> = {};
    for (const pluginId of prepared.inspectPlugins) {
      const key = `${pluginId}\n${config}`;
      let planned = byKey.get(key);
      if (!planned) {
        planned = {
          label: `plugins-inspect-${byKey.size + 1}-${pluginId}`,
          pluginId,
          configPath: prepared.configPath,
        };
        byKey.set(key, planned);
      }
      answers[pluginId] = planned.label;
    }
    return answers;
  });
  return { inspections: [...byKey.values()], perCase };
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

/**
 * Prepares `cases` as one run: `gateway` runs them through one `openclaw gateway run` (from {@link BATCH_SINCE}
 * on), otherwise the one case runs cold. Checked before anything is created: a refused run leaves nothing behind.
 */
export function prepareRun(cases: E2ECase[], options: RunOptions & { gateway?: boolean } = {}): PreparedRun {
  const release = requireRelease(options.openclaw ?? NEWEST_OPENCLAW_RELEASE);
  const [first] = cases;
  if (!first) throw new Error("a run needs at least one case");
  if (options.gateway && !isReleaseAtLeast(release, BATCH_SINCE))
    throw new Error(`OpenClaw ${release} runs no batch (before ${BATCH_SINCE}): its cases run one by one`);
  if (!options.gateway && cases.length > 1) throw new Error("a cold run holds one case");
  const openclaw = { version: release, driver: options.gateway ? ("gateway" as const) : turnDriver(release) };
  const label = (c: E2ECase) => (options.gateway ? c.name : (options.label ?? c.name));
  const artifactsDir = freshArtifactsDir(options.gateway ? `batch--${first.name}` : label(first));
  const runDir = mkdtempSync(join(tmpdir(), `model-setup-e2e-${label(first).slice(0, 40)}-`));
  const prepared = cases.map((c, i) => {
    const caseDir = options.gateway ? freshArtifactsDir(label(c)) : artifactsDir;
    return prepareCase(c, join(runDir, "cases", String(i)), caseDir, options.contextDir);
  });
  const { inspections, perCase } = planInspections(prepared);
  const caseSpecs: CaseSpec[] = prepared.map((p, i) => {
    const caseSpec: CaseSpec = {
      caseName: cases[i]?.name ?? "",
      openclaw,
      artifactsDir: p.artifactsDir,
      configPath: p.configPath,
      sessionId: `e2e-case-${i + 1}`,
      mock: p.mock,
      agent: p.agent,
      earlierConfigs: p.earlier,
      inspections: perCase[i] ?? {},
    };
    writeFileSync(join(p.artifactsDir, ARTIFACT_FILES.spec), `${JSON.stringify(caseSpec, null, 2)}\n`);
    return caseSpec;
  });
  const { tls, mounts } = namespaceFiles(
    runDir,
    prepared.map((p) => p.host),
    options.contextDir,
    join(artifactsDir, ARTIFACT_FILES.builtRequests),
  );
  const spec: RunSpec = {
    node24: NODE24,
    openclawMjs: join(releaseDir(release), "openclaw.mjs"),
    openclaw,
    runDir,
    artifactsDir,
    hostPaths: [REPO_ROOT, runDir, ARTIFACTS_ROOT, ...mounts.map((m) => m.source)],
    mounts,
    tls,
    mock: { address: MOCK_ADDRESS, port: MOCK_PORT },
    inspections,
    cases: caseSpecs,
  };
  const specFile = join(runDir, ARTIFACT_FILES.runSpec);
  writeFileSync(specFile, `${JSON.stringify(spec, null, 2)}\n`);
  copyFileSync(specFile, join(artifactsDir, ARTIFACT_FILES.runSpec));
  return { spec, specFile, launcher: LAUNCHER };
}
