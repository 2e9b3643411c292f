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
    `checks ${t.checksMs} ms alongside the turn, export ${t.exportMs} ms, load ${t.loadMs} ms)`,
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

/**
 * Turns through one long-lived gateway (src/bare-turn.ts): its start, the warm-up turn, the CLI turns after it
 * (`openclaw agent --json`, a cold client process each), turns sent to its HTTP endpoint (no client process), then
 * per round a config rewrite until the gateway applied it, and `config.get` read from it over its WebSocket.
 */
export interface WarmTurns {
  startMs: number;
  firstTurnMs: number;
  warmTurnsMs: number[];
  httpTurnsMs: number[];
  /** Config file rewritten until `config.get` shows the new revision applied. */
  reloadMs: number[];
  /** `config.get`: the file's validity and warnings, and the applied revision. */
  configGetMs: number[];
}

/** What `dist/bare-turn.js` prints: cold `agent exec` turns, then turns through one gateway. */
export interface BareTurns {
  turnsMs: number[];
  gateway: WarmTurns;
}

/** The file `pnpm e2e --timings FILE` writes (scripts/e2e.mjs); `pnpm bench` reads it. */
export interface TimingReport {
  machine: { cpus: number };
  concurrency: string | null;
  suiteMs: number;
  suiteStatus: number;
  bareTurnsMs: number[];
  gatewayTurns: WarmTurns;
  cases: CaseTimingRecord[];
  /** The batches the cases ran in (none when they ran cold). */
  batches: BatchTimingRecord["batch"][];
}
