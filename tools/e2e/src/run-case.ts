/**
 * Runs cases: prepare (configs via the generator, TLS, hosts; prepare-run.ts), then
 * `unshare -n -m -p --propagation private -- <node24> dist/launcher/main.js run-spec.json`, i.e. the mock and
 * OpenClaw share a fresh network namespace (loopback only) and private mount and pid namespaces. As non-root, `-r`
 * adds a user namespace (needs unprivileged user namespaces). Loads each case's {@link E2ERun}; throws on infra
 * failure.
 */
import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { E2ECase } from "./case.js";
import { writeConversation } from "./conversation.js";
import { explainFailure } from "./diagnosis.js";
import { lastJsonDocument, readJsonLines } from "./json-lines.js";
import type { RecordedRequest } from "./mock/types.js";
import { type PreparedRun, prepareRun, type RunOptions } from "./prepare-run.js";
import type { CaseTimings, E2ERun } from "./run-result.js";
import { ARTIFACT_FILES, type CaseResult, type CaseSpec, type RunSummary } from "./spec.js";
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
  const result = JSON.parse(readFileSync(resultFile, "utf8")) as CaseResult;
  const requests = readJsonLines<RecordedRequest>(result.requestsFile);
  const trajectory = result.trajectoryFile
    ? (JSON.parse(readFileSync(result.trajectoryFile, "utf8")) as TrajectoryExport)
    : { database: "", transcript: [], runtime: [] };
  const spec = JSON.parse(readFileSync(join(artifactsDir, ARTIFACT_FILES.spec), "utf8")) as CaseSpec;
  const pluginInspections: Record<string, unknown> = {};
  for (const [id, outcome] of Object.entries(result.inspect))
    pluginInspections[id] = lastJsonDocument(readText(outcome.stdoutFile));
  const parsed = JSON.parse(readFileSync(join(artifactsDir, ARTIFACT_FILES.config), "utf8")) as unknown;
  const config = isRecord(parsed) ? parsed : {};
  return {
    caseName,
    artifactsDir,
    openclaw: spec.openclaw,
    config,
    modelEntries: modelEntriesOf(config),
    turn: result.turn,
    turnLog: readText(result.turn.outcome.stderrFile),
    result,
    requests,
    chatRequests: chatRequests(requests),
    trajectory: new Trajectory(trajectory),
    pluginInspections,
    wireId,
    timings: caseTimings(result, harness, loadStarted),
  };
}

function caseTimings(
  result: CaseResult,
  harness: { prepareMs: number; launchMs: number; startedAt: number },
  loadStarted: number,
): CaseTimings {
  const now = Date.now();
  const caseMs = now - harness.startedAt;
  return {
    ...result.timings,
    prepareMs: harness.prepareMs,
    launchMs: harness.launchMs,
    loadMs: now - loadStarted,
    caseMs,
    overheadMs: caseMs - result.timings.agentMs,
  };
}

/** What a run cost as a whole (ms): its preparation, OpenClaw's start (a gateway's; 0 cold), the launcher. */
export interface RunTimings {
  prepareMs: number;
  startMs: number;
  launchMs: number;
}

export interface RunOutcome {
  /** Each case's run, or why it could not be loaded (the launcher wrote no result for it). */
  runs: Map<string, E2ERun | Error>;
  timings: RunTimings;
}

/**
 * The launcher's hard limit: five minutes for the namespace, OpenClaw's start and the inspections' tail, and each
 * case's turn limit plus a minute and a half for its configs' verdicts.
 */
export function runTimeoutMs(cases: Pick<E2ECase, "timeoutSeconds">[]): number {
  return (300 + cases.reduce((sum, c) => sum + (c.timeoutSeconds ?? 60) + 90, 0)) * 1000;
}

/**
 * Runs `cases` as one run (prepare-run.ts, launcher/main.ts): through one gateway with `gateway`, else the one case
 * cold. Throws when the launcher itself failed (a gateway that did not start, …): then no case ran.
 */
export async function executeRun(
  cases: E2ECase[],
  options: RunOptions & { gateway?: boolean } = {},
): Promise<RunOutcome> {
  const startedAt = Date.now();
  const prepared = prepareRun(cases, options);
  const prepareMs = Date.now() - startedAt;
  try {
    const code = await launch(prepared, runTimeoutMs(cases));
    const launchMs = Date.now() - startedAt - prepareMs;
    const { artifactsDir } = prepared.spec;
    if (code !== 0) {
      const log = readText(join(artifactsDir, ARTIFACT_FILES.launcherLog));
      // What the cases that ran left is still worth reading.
      for (const c of prepared.spec.cases) writeConversation(c.artifactsDir, c.caseName);
      const failure = new Error(`launcher exited ${code} (artefacts: ${artifactsDir})\n${log}`);
      const [only] = prepared.spec.cases;
      throw only && cases.length === 1 ? explainFailure(failure, only.artifactsDir, only.caseName) : failure;
    }
    const summaryFile = join(artifactsDir, ARTIFACT_FILES.runSummary);
    const summary = JSON.parse(readFileSync(summaryFile, "utf8")) as RunSummary;
    const runs = new Map<string, E2ERun | Error>();
    for (const [i, c] of prepared.spec.cases.entries()) {
      const name = cases[i]?.name ?? c.caseName;
      try {
        // A case's own time: its share of the preparation and the launcher's start, and its steps in the run.
        const run = loadRun(name, c.artifactsDir, {
          prepareMs: Math.round(prepareMs / cases.length),
          launchMs: cases.length === 1 ? launchMs : 0,
          startedAt: cases.length === 1 ? startedAt : Date.now(),
        });
        if (cases.length > 1) {
          const caseMs = run.timings.prepareMs + run.timings.totalMs + run.timings.loadMs;
          run.timings = { ...run.timings, caseMs, overheadMs: caseMs - run.timings.agentMs };
        }
        runs.set(name, run);
      } catch (error) {
        runs.set(name, error instanceof Error ? error : new Error(String(error)));
      }
    }
    return { runs, timings: { prepareMs, startMs: summary.startMs, launchMs } };
  } finally {
    if (!process.env.E2E_KEEP_RUN_DIR) rmSync(prepared.spec.runDir, { recursive: true, force: true });
  }
}

/** One case, cold: its own OpenClaw in its own namespaces. Throws its failure when it could not be loaded. */
export async function executeCase(c: E2ECase, options: RunOptions = {}): Promise<E2ERun> {
  const { runs } = await executeRun([c], options);
  const run = runs.get(c.name);
  if (!run) throw new Error(`${c.name}: the run has no result of this case`);
  if (run instanceof Error) throw run;
  return run;
}
