import { performance } from "node:perf_hooks";

/** Wall time per build phase, for `--timings` and the benchmarks: where an incremental build still spends time. */
export class Timings {
  private last = performance.now();
  readonly phases: { phase: string; ms: number }[] = [];

  /** Ends the current phase under `phase`. */
  lap(phase: string): void {
    const now = performance.now();
    this.phases.push({ phase, ms: now - this.last });
    this.last = now;
  }

  format(): string {
    return this.phases.map(({ phase, ms }) => `${phase} ${ms.toFixed(1)} ms`).join(", ");
  }
}
