/**
 * Everything a batch needs before entering the namespace (see launcher/batch-main.ts): every case's generated
 * config and artefact folder as a single run prepares them, one CA and hosts file for all their routes, one copy of
 * the plugin tree, and the plan of cold plugin inspections, one per plugin and distinct config.
 */
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isReleaseAtLeast, NEWEST_OPENCLAW_RELEASE } from "@model-setup/manifest";
import type { E2ECase } from "./case.js";
import { ARTIFACTS_ROOT, BATCH_LAUNCHER, NODE24, REPO_ROOT, releaseDir } from "./paths.js";
import {
  freshArtifactsDir,
  MOCK_ADDRESS,
  MOCK_PORT,
  namespaceFiles,
  type PreparedCase,
  prepareCase,
  type RunOptions,
  requireRelease,
} from "./prepare-run.js";
import { ARTIFACT_FILES, type BatchCaseSpec, type BatchSpec, type PlannedInspection } from "./spec.js";

export interface PreparedBatch {
  spec: BatchSpec;
  specFile: string;
  launcher: string;
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
 * The first release whose running gateway treats a config as a cold OpenClaw does. 2026.8.2's gateway does not
 * discover plugins added by a reload: `config.get` reports their entries as `plugin not found (stale config entry
 * ignored)` and the turn runs without them (measured 2026-12-05), so its cases run cold.
 */
export const BATCH_SINCE = "2026.9.0";

/**
 * A gateway's start and first turn cost about 30 s (measured 2026-12-05 on 2 cores), a cold case 12–15 s and a case
 * in a warm gateway 1–3 s: from three cases on a batch is the faster way, below that the cold runs are.
 */
export const BATCH_MIN_CASES = 3;

/** Whether `cases` cases on `release` run as one batch rather than one cold OpenClaw each. */
export function runsAsBatch(release: string, cases: number): boolean {
  return isReleaseAtLeast(release, BATCH_SINCE) && cases >= BATCH_MIN_CASES;
}

export function prepareBatch(cases: E2ECase[], options: Omit<RunOptions, "label"> = {}): PreparedBatch {
  const release = requireRelease(options.openclaw ?? NEWEST_OPENCLAW_RELEASE);
  if (!isReleaseAtLeast(release, BATCH_SINCE))
    throw new Error(`OpenClaw ${release} runs no batch (before ${BATCH_SINCE}): its cases run one by one`);
  const [first] = cases;
  if (!first) throw new Error("a batch needs at least one case");
  const artifactsDir = freshArtifactsDir(`batch--${first.name}`);
  const runDir = mkdtempSync(join(tmpdir(), "model-setup-e2e-batch-"));
  const openclaw = { version: release, driver: "gateway" as const };
  const prepared = cases.map((c, i) =>
    prepareCase(c, join(runDir, "cases", String(i)), freshArtifactsDir(c.name), options.contextDir),
  );
  const { inspections, perCase } = planInspections(prepared);
  const batchCases: BatchCaseSpec[] = prepared.map((p, i) => {
    const caseSpec: BatchCaseSpec = {
      caseName: cases[i]?.name ?? "",
      openclaw,
      artifactsDir: p.artifactsDir,
      configPath: p.configPath,
      sessionId: `e2e-case-${i + 1}`,
      mock: { script: p.mock, rules: p.rules, modelIds: p.modelIds },
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
  const spec: BatchSpec = {
    node24: NODE24,
    openclawMjs: join(releaseDir(release), "openclaw.mjs"),
    openclaw,
    runDir,
    artifactsDir,
    configPath: join(runDir, "gateway-openclaw.json"),
    hostPaths: [REPO_ROOT, runDir, ARTIFACTS_ROOT, ...mounts.map((m) => m.source)],
    mounts,
    tls,
    mock: { address: MOCK_ADDRESS, port: MOCK_PORT },
    inspections,
    cases: batchCases,
  };
  const specFile = join(runDir, ARTIFACT_FILES.batchSpec);
  writeFileSync(specFile, `${JSON.stringify(spec, null, 2)}\n`);
  copyFileSync(specFile, join(artifactsDir, ARTIFACT_FILES.batchSpec));
  return { spec, specFile, launcher: BATCH_LAUNCHER };
}
