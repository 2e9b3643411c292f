/**
 * Per-case phase times: printed after each case, and appended as JSON lines to `E2E_TIMINGS_FILE` when set
 * (`pnpm e2e --timings FILE` sets it and summarises the lines; `pnpm bench` reports them).
 */
import { appendJsonLine } from "./json-lines.js";
import type { CaseTimings } from "./run-result.js";

export const TIMINGS_FILE_ENV = "E2E_TIMINGS_FILE";

export interface CaseTimingRecord {
  case: string;
  timings: CaseTimings;
}

/** What a batch (one gateway run, src/run-case.ts) cost as a whole, beside its cases' own times. */
export interface BatchTimingRecord {
  batch: { cases: number; prepareMs: number; gatewayStartMs: number; launchMs: number };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function formatTimings(t: CaseTimings): string {
  return [
    `${seconds(t.caseMs)} = agent turn ${seconds(t.agentMs)} + overhead ${seconds(t.overheadMs)}`,
    `(prepare ${t.prepareMs} ms, namespace ${t.namespaceMs} ms, mock ${t.mockMs} ms,`,
    `config verdicts ${t.checksMs} ms, export ${t.exportMs} ms, load ${t.loadMs} ms)`,
  ].join(" ");
}

export function recordTimings(caseName: string, timings: CaseTimings): void {
  const file = process.env[TIMINGS_FILE_ENV];
  if (!file) return;
  const record: CaseTimingRecord = { case: caseName, timings };
  appendJsonLine(file, record);
}

export function recordBatchTimings(batch: BatchTimingRecord["batch"]): void {
  const file = process.env[TIMINGS_FILE_ENV];
  if (!file) return;
  appendJsonLine(file, { batch } satisfies BatchTimingRecord);
}

/** The file `pnpm e2e --timings FILE` writes (scripts/e2e.mjs); `pnpm bench` reads it. */
export interface TimingReport {
  machine: { cpus: number };
  concurrency: string | null;
  suiteMs: number;
  suiteStatus: number;
  cases: CaseTimingRecord[];
  /** The batches the cases ran in (none when they ran cold). */
  batches: BatchTimingRecord["batch"][];
}
