import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { median, run } from "./measure.js";
import type { Row } from "./registry.js";

/**
 * The e2e suite on the real OpenClaw, timed: `pnpm e2e --timings` times plain `openclaw agent exec` turns outside
 * the harness first (the baseline), then runs every case and records its phases. Rows: median case wall time,
 * harness overhead (everything but the agent turn), agent turn, bare turn, the turn's ratio to the bare one, and
 * the whole suite.
 */

interface CaseRecord {
  case: string;
  timings: { caseMs: number; agentMs: number; overheadMs: number };
}
interface TimingReport {
  suiteMs: number;
  suiteStatus: number;
  bareTurnsMs: number[];
  cases: CaseRecord[];
}

export function e2eRows(repoRoot: string, log: (line: string) => void): Row[] {
  const dir = mkdtempSync(join(tmpdir(), "bench-e2e-"));
  try {
    const file = join(dir, "timings.json");
    log("e2e: every case on the real OpenClaw, with the bare-turn baseline");
    run("node", [join(repoRoot, "tools/e2e/scripts/e2e.mjs"), "--no-build", "--timings", file], {
      cwd: repoRoot,
    });
    return rowsOf(JSON.parse(readFileSync(file, "utf8")) as TimingReport);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function rowsOf(report: TimingReport): Row[] {
  const of = (pick: (t: CaseRecord["timings"]) => number) => report.cases.map((c) => pick(c.timings));
  const spread = (values: number[]) =>
    `${(Math.min(...values) / 1000).toFixed(1)}–${(Math.max(...values) / 1000).toFixed(1)} s over ${values.length}`;
  const agent = of((t) => t.agentMs);
  const bareMs = median(report.bareTurnsMs);
  const row = (scenario: string, wallMs: number, note: string): Row => ({
    group: "e2e (real OpenClaw)",
    scenario,
    size: report.cases.length,
    wallMs,
    peakRssMb: Number.NaN,
    note,
  });
  return [
    row("case, median", median(of((t) => t.caseMs)), spread(of((t) => t.caseMs))),
    row(
      "harness overhead per case, median",
      median(of((t) => t.overheadMs)),
      spread(of((t) => t.overheadMs)),
    ),
    row("agent turn in the harness, median", median(agent), spread(agent)),
    row("bare agent exec turn, median", bareMs, spread(report.bareTurnsMs)),
    row(
      "agent turn / bare turn",
      Number.NaN,
      `${(median(agent) / bareMs).toFixed(2)}x median, ${(Math.max(...agent) / bareMs).toFixed(2)}x slowest`,
    ),
    row(
      "whole suite",
      report.suiteMs,
      report.suiteStatus === 0 ? "all passed" : `FAILED (exit ${report.suiteStatus})`,
    ),
  ];
}
