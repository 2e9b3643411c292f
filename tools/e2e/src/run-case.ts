/**
 * Runs one case: prepare (config via the generator, TLS, hosts), then
 * `unshare -n -m --propagation private -- <node24> dist/launcher/main.js spec.json`, i.e. the mock and OpenClaw
 * share a fresh network namespace (loopback only) and a private mount namespace. As non-root, `-r` adds a user
 * namespace (needs unprivileged user namespaces). Returns the loaded {@link E2ERun}; throws on infra failure.
 */
import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { E2ECase } from "./case.js";
import { writeConversation } from "./conversation.js";
import { explainFailure } from "./diagnosis.js";
import { readJsonLines } from "./json-lines.js";
import { CHECK_TIMEOUT_MS } from "./launcher/openclaw-cli.js";
import type { RecordedRequest } from "./mock/types.js";
import { type PreparedRun, prepareRun, type RunOptions } from "./prepare-run.js";
import type { CaseTimings, E2ERun } from "./run-result.js";
import { ARTIFACT_FILES, type LaunchResult, type LaunchSpec, type TurnDriver } from "./spec.js";
import { isRecord, type JsonRecord, Trajectory, type TrajectoryExport } from "./trajectory.js";
import { chatRequests, wireId } from "./wire.js";

/** The command that runs `launcher <specFile>` under Node 24 in fresh namespaces (see the file comment). */
export function unshareCommand(
  prepared: Pick<PreparedRun, "launcher" | "specFile"> & { spec: { node24: string } },
): { cmd: string; args: string[] } {
  const userNs = typeof process.getuid === "function" && process.getuid() !== 0 ? ["-r"] : [];
  return {
    cmd: "unshare",
    args: [
      ...userNs,
      "-n",
      "-m",
      "-p",
      "-f",
      "--mount-proc",
      "--propagation",
      "private",
      "--",
      prepared.spec.node24,
      prepared.launcher,
      prepared.specFile,
    ],
  };
}

/** Runs the launcher in its namespaces, its output to the launcher log in `artifactsDir`; resolves its exit code. */
export function launch(
  prepared: Parameters<typeof unshareCommand>[0] & { spec: { artifactsDir: string } },
  hardTimeoutMs: number,
): Promise<number | null> {
  const log = openSync(join(prepared.spec.artifactsDir, ARTIFACT_FILES.launcherLog), "w");
  const { cmd, args } = unshareCommand(prepared);
  return new Promise((resolve, reject) => {
    // Own process group, so a timeout can end exactly this run's processes (by pgid, never by name).
    const child = spawn(cmd, args, {
      stdio: ["ignore", log, log],
      detached: true,
      env: { PATH: process.env.PATH },
    });
    const timer = setTimeout(() => {
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    }, hardTimeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      closeSync(log);
      reject(e);
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      closeSync(log);
      resolve(code);
    });
  });
}

export function readText(file: string): string {
  return existsSync(file) ? readFileSync(file, "utf8") : "";
}

function parseJsonOutput(file: string): unknown {
  const text = readText(file).trim();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Some commands print log lines before the JSON document: take the last top-level object.
    const start = text.lastIndexOf("\n{");
    return start >= 0 ? (JSON.parse(text.slice(start + 1)) as unknown) : undefined;
  }
}

/** `models.providers.*.models[]` of a generated config, in order. */
export function modelEntriesOf(config: JsonRecord): JsonRecord[] {
  const providers =
    isRecord(config.models) && isRecord(config.models.providers) ? config.models.providers : {};
  return Object.values(providers).flatMap((provider) =>
    isRecord(provider) && Array.isArray(provider.models) ? provider.models.filter(isRecord) : [],
  );
}

/** The run recorded in `artifactsDir`; `harness` adds the phases measured outside the launcher. */
export function loadRun(
  caseName: string,
  artifactsDir: string,
  harness: { prepareMs: number; launchMs: number; startedAt: number } = {
    prepareMs: 0,
    launchMs: 0,
    startedAt: Date.now(),
  },
): E2ERun {
  const loadStarted = Date.now();
  // Every run leaves its conversation page, whatever the verdict (conversation.ts).
  writeConversation(artifactsDir, caseName);
  const resultFile = join(artifactsDir, ARTIFACT_FILES.result);
  if (!existsSync(resultFile)) {
    const log = readText(join(artifactsDir, ARTIFACT_FILES.launcherLog));
    const failure = new Error(
      `${caseName}: the launcher wrote no result (artefacts: ${artifactsDir})\n${log}`,
    );
    throw explainFailure(failure, artifactsDir, caseName);
  }
  const launch = JSON.parse(readFileSync(resultFile, "utf8")) as LaunchResult;
  const requests = readJsonLines<RecordedRequest>(launch.requestsFile);
  const trajectory = launch.trajectoryFile
    ? (JSON.parse(readFileSync(launch.trajectoryFile, "utf8")) as TrajectoryExport)
    : { database: "", transcript: [], runtime: [] };
  // A case's spec.json is a LaunchSpec, or a BatchCaseSpec in a batch: both say how the turn ran.
  const spec = JSON.parse(readFileSync(join(artifactsDir, ARTIFACT_FILES.spec), "utf8")) as Pick<
    LaunchSpec,
    "openclaw"
  >;
  const envelope = normalizedEnvelope(
    spec.openclaw.driver,
    launch.agent.exitCode,
    parseJsonOutput(launch.agent.stdoutFile),
  );
  const pluginInspections: Record<string, unknown> = {};
  for (const [id, outcome] of Object.entries(launch.inspect))
    pluginInspections[id] = parseJsonOutput(outcome.stdoutFile);
  const parsed = JSON.parse(readFileSync(join(artifactsDir, ARTIFACT_FILES.config), "utf8")) as unknown;
  const config = isRecord(parsed) ? parsed : {};
  return {
    caseName,
    artifactsDir,
    openclaw: spec.openclaw,
    config,
    modelEntries: modelEntriesOf(config),
    envelope: isRecord(envelope) ? envelope : {},
    agentStderr: readText(launch.agent.stderrFile),
    launch,
    requests,
    chatRequests: chatRequests(requests),
    trajectory: new Trajectory(trajectory),
    pluginInspections,
    wireId,
    timings: caseTimings(launch, harness, loadStarted),
  };
}

/**
 * The turn's JSON envelope as `agent exec` writes it (`ok`, `toolSummary` at the top). `agent --local` (2026.7)
 * writes `{payloads, meta}`, and a gateway's `agent` method answers `{runId, status, result: {payloads, meta}}`:
 * there `ok` is derived from the exit code and `meta` (not aborted, no error stop), and `toolSummary` and `final`
 * (the visible final text) are lifted from `meta`; the original fields stay.
 */
function normalizedEnvelope(driver: TurnDriver, exitCode: number | null, envelope: unknown): JsonRecord {
  const record = isRecord(envelope) ? envelope : {};
  if (driver === "exec") return record;
  const turn = driver === "gateway" && isRecord(record.result) ? record.result : record;
  const meta = isRecord(turn.meta) ? turn.meta : {};
  const ok =
    exitCode === 0 && meta.aborted !== true && meta.stopReason !== "error" && Array.isArray(turn.payloads);
  const final =
    typeof meta.finalAssistantVisibleText === "string" ? meta.finalAssistantVisibleText : undefined;
  return { ...record, ok, toolSummary: meta.toolSummary, final };
}

function caseTimings(
  launch: LaunchResult,
  harness: { prepareMs: number; launchMs: number; startedAt: number },
  loadStarted: number,
): CaseTimings {
  const now = Date.now();
  const caseMs = now - harness.startedAt;
  return {
    ...launch.timings,
    prepareMs: harness.prepareMs,
    launchMs: harness.launchMs,
    loadMs: now - loadStarted,
    caseMs,
    overheadMs: caseMs - launch.timings.agentMs,
  };
}

export async function executeCase(c: E2ECase, options: RunOptions = {}): Promise<E2ERun> {
  const startedAt = Date.now();
  const prepared = prepareRun(c, options);
  const prepareMs = Date.now() - startedAt;
  // The turn and the checks run side by side; a minute on top for the namespace, the mock and the export.
  const hardTimeoutMs = Math.max(((c.timeoutSeconds ?? 60) + 30) * 1000, CHECK_TIMEOUT_MS) + 60_000;
  try {
    const code = await launch(prepared, hardTimeoutMs);
    const launchMs = Date.now() - startedAt - prepareMs;
    if (code !== 0) {
      const { artifactsDir } = prepared.spec;
      const log = readText(join(artifactsDir, ARTIFACT_FILES.launcherLog));
      writeConversation(artifactsDir, c.name);
      const failure = new Error(`${c.name}: launcher exited ${code} (artefacts: ${artifactsDir})\n${log}`);
      throw explainFailure(failure, artifactsDir, c.name);
    }
    return loadRun(c.name, prepared.spec.artifactsDir, { prepareMs, launchMs, startedAt });
  } finally {
    if (!process.env.E2E_KEEP_RUN_DIR) rmSync(prepared.spec.runDir, { recursive: true, force: true });
  }
}
