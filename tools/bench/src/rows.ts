/**
 * One line of the bench's table, and the checks every line passes before it is printed: a figure that cannot be
 * computed (a benchmark that threw, a median of nothing, a ratio to zero) fails the bench with one line naming it,
 * instead of being printed as `-` or `NaNx` and read as a result.
 */

export interface Row {
  group: string;
  scenario: string;
  /** The registry size the row is about; 0 when it is about none. */
  size: number;
  /** The row's time; absent for a row that is only a ratio (its note says it). */
  wallMs?: number;
  /** Peak RSS of the largest process; absent when GNU time is not there to measure it. */
  peakRssMb?: number;
  note: string;
  /** Wall time per build phase (builder rows, from `--timings`; the median run's). */
  phases?: Record<string, number>;
}

/** A failure the bench reports as one line (its message), without a stack trace. */
export class BenchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BenchError";
  }
}

/** `value` when it is a finite number; otherwise the bench fails, naming `what` could not be computed. */
export function finite(value: number, what: string): number {
  if (!Number.isFinite(value)) throw new BenchError(`${what} cannot be computed (got ${value})`);
  return value;
}

/** `numerator / denominator` as "1.23x", refusing a quotient that is not a finite number. */
export function ratio(numerator: number, denominator: number, what: string, digits = 2): string {
  return `${finite(numerator / denominator, what).toFixed(digits)}x`;
}

/** The median (the upper one of an even count); the bench fails when there is nothing to take it of. */
export function median(values: readonly number[], what = "a median"): number {
  const sorted = [...values].sort((a, b) => a - b);
  return finite(sorted[Math.floor(sorted.length / 2)] ?? Number.NaN, `${what} (of ${values.length} values)`);
}

// A number printed as NaN or Infinity in a note is a computation that went wrong somewhere upstream.
const NOT_A_NUMBER = /(^|[^A-Za-z])(NaN|Infinity)/;

/** The row unchanged when every figure in it is finite; otherwise the bench fails, naming the row. */
export function checkedRow(row: Row): Row {
  const name = `${row.group} / ${row.scenario}${row.size > 0 ? ` (N=${row.size})` : ""}`;
  if (row.wallMs !== undefined && finite(row.wallMs, `${name}: its time`) < 0) {
    throw new BenchError(`${name}: its time is negative (${row.wallMs})`);
  }
  if (row.peakRssMb !== undefined) finite(row.peakRssMb, `${name}: its peak RSS`);
  for (const [phase, ms] of Object.entries(row.phases ?? {})) finite(ms, `${name}: phase ${phase}`);
  if (!Number.isInteger(row.size) || row.size < 0) throw new BenchError(`${name}: bad size ${row.size}`);
  if (NOT_A_NUMBER.test(row.note))
    throw new BenchError(`${name}: its note "${row.note}" holds a figure that cannot be computed`);
  if (row.wallMs === undefined && row.note === "")
    throw new BenchError(`${name}: it has neither a time nor a note`);
  return row;
}
