/**
 * Per-case phase times: printed after each case, and appended as JSON lines to the run's timings file when set
 * (`pnpm e2e --timings FILE` sets it and summarises the lines; `pnpm bench` reports them).
 */
import { appendJsonLine } from "./json-lines.js";
import type { CaseTimings } from "./run-result.js";

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

/** Appends a case's phases to `file` (RunnerOptions.timingsFile); a no-op without one. */
export function recordTimings(file: string | undefined, caseName: string, timings: CaseTimings): void {
  if (file) appendJsonLine(file, { case: caseName, timings } satisfies CaseTimingRecord);
}

export function recordBatchTimings(file: string | undefined, batch: BatchTimingRecord["batch"]): void {
  if (file) appendJsonLine(file, { batch } satisfies BatchTimingRecord);
}

/** The file `pnpm e2e --timings FILE` writes (src/cli.ts); `pnpm bench` reads it. */
export interface TimingReport {
  machine: { cpus: number };
  concurrency: string | null;
  suiteMs: number;
  suiteStatus: number;
  cases: CaseTimingRecord[];
  /** The batches the cases ran in (none when they ran cold). */
  batches: BatchTimingRecord["batch"][];
}
