/**
 * Runs a batch of cases through one OpenClaw gateway (prepare-batch.ts, launcher/batch-main.ts) in one set of
 * namespaces, and loads each case's run as a single run's. The same checks judge them (checks.ts): a batch only
 * shares the process, the mock and the plugin inspections that read the same inputs.
 */
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { E2ECase } from "./case.js";
import { writeConversation } from "./conversation.js";
import { prepareBatch } from "./prepare-batch.js";
import type { RunOptions } from "./prepare-run.js";
import { launch, loadRun, readText } from "./run-case.js";
import type { E2ERun } from "./run-result.js";
import { ARTIFACT_FILES, type BatchSummary } from "./spec.js";

/** What the batch as a whole cost (ms): the gateway's start, and the launcher start to end. */
export interface BatchTimings {
  prepareMs: number;
  gatewayStartMs: number;
  launchMs: number;
}

export interface BatchOutcome {
  /** Each case's run, or why it could not be loaded (the launcher wrote no result for it). */
  runs: Map<string, E2ERun | Error>;
  timings: BatchTimings;
}

/**
 * The batch launcher's hard limit: five minutes for the namespace, the gateway's start and the inspections' tail,
 * and each case's turn limit plus half a minute for its config switch.
 */
export function batchTimeoutMs(cases: Pick<E2ECase, "timeoutSeconds">[]): number {
  return (300 + cases.reduce((sum, c) => sum + (c.timeoutSeconds ?? 60) + 30, 0)) * 1000;
}

/** Throws when the launcher itself failed (the gateway did not start, …): then no case ran. */
export async function executeBatch(
  cases: E2ECase[],
  options: Omit<RunOptions, "label"> = {},
): Promise<BatchOutcome> {
  const startedAt = Date.now();
  const prepared = prepareBatch(cases, options);
  const prepareMs = Date.now() - startedAt;
  const hardTimeoutMs = batchTimeoutMs(cases);
  try {
    const code = await launch(prepared, hardTimeoutMs);
    const launchMs = Date.now() - startedAt - prepareMs;
    const { artifactsDir } = prepared.spec;
    if (code !== 0) {
      const log = readText(join(artifactsDir, ARTIFACT_FILES.launcherLog));
      // What the cases that ran left is still worth reading.
      for (const c of prepared.spec.cases) writeConversation(c.artifactsDir, c.caseName);
      throw new Error(`batch launcher exited ${code} (artefacts: ${artifactsDir})\n${log}`);
    }
    const summaryFile = join(artifactsDir, ARTIFACT_FILES.batchSummary);
    const summary = JSON.parse(readFileSync(summaryFile, "utf8")) as BatchSummary;
    const runs = new Map<string, E2ERun | Error>();
    prepared.spec.cases.forEach((c, i) => {
      const own = cases[i];
      if (!own) return;
      try {
        const loadStarted = Date.now();
        // A case's own time: its share of the preparation, and its turn and checks in the batch.
        const run = loadRun(own.name, c.artifactsDir, {
          prepareMs: Math.round(prepareMs / cases.length),
          launchMs: 0,
          startedAt: loadStarted,
        });
        const caseMs = run.timings.prepareMs + run.timings.totalMs + run.timings.loadMs;
        run.timings = { ...run.timings, caseMs, overheadMs: caseMs - run.timings.agentMs };
        runs.set(own.name, run);
      } catch (error) {
        runs.set(own.name, error instanceof Error ? error : new Error(String(error)));
      }
    });
    return { runs, timings: { prepareMs, gatewayStartMs: summary.gatewayStartMs, launchMs } };
  } finally {
    if (!process.env.E2E_KEEP_RUN_DIR) rmSync(prepared.spec.runDir, { recursive: true, force: true });
  }
}
