import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type TimingReport as E2ETimingReport, NODE24 } from "@model-setup/e2e";
import type { BareTurns } from "./baselines/clients.js";
import { run } from "./measure.js";
import { median, type Row, ratio } from "./rows.js";

/**
 * The e2e suite on the real OpenClaw, timed: plain `openclaw agent exec` turns outside the harness first (the
 * baseline, baselines/bare-turn.ts) and turns through one long-lived gateway, then `pnpm e2e --timings` runs every
 * case and records its phases. Rows: median case wall time, harness overhead (everything but the agent turn), agent
 * turn, bare turn, the turn's and the case's ratio to the bare one, each batch's gateway start (cases share one
 * gateway, see tools/e2e/src/launcher/gateway-runner.ts), the whole suite, and the gateway baselines.
 */

/** How many bare turns, and gateway turns by the CLI after the warm-up, are timed. */
const BARE_TURNS = 3;

interface CaseRecord {
  case: string;
  timings: Pick<E2ETimingReport["cases"][number]["timings"], "caseMs" | "agentMs" | "overheadMs">;
}
type TimingReport = Pick<E2ETimingReport, "suiteMs" | "suiteStatus" | "batches"> & {
  cases: CaseRecord[];
  bareTurnsMs: number[];
  gatewayTurns: BareTurns["gateway"];
};

/**
 * The baselines, in a private /tmp and pid namespace only (as root, or in a user namespace), so that OpenClaw's lock
 * and log folders are not left on the machine and the gateway cannot outlive them.
 */
function bareTurns(): BareTurns {
  const userNs = process.getuid?.() === 0 ? [] : ["-r"];
  const script = fileURLToPath(new URL("./baselines/bare-turn.js", import.meta.url));
  const scratch = mkdtempSync(join(tmpdir(), "bench-bare-turn-"));
  try {
    const namespaces = ["-m", "-p", "-f", "--mount-proc", "--propagation", "private", "--"];
    const args = [...userNs, ...namespaces, NODE24, script, scratch, String(BARE_TURNS)];
    return JSON.parse(run("unshare", args, { cwd: scratch })) as BareTurns;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function e2eRows(repoRoot: string, log: (line: string) => void): Row[] {
  const dir = mkdtempSync(join(tmpdir(), "bench-e2e-"));
  try {
    log("e2e: the bare-turn and gateway baselines");
    const baselines = bareTurns();
    const file = join(dir, "timings.json");
    log("e2e: every case on the real OpenClaw");
    run("node", [join(repoRoot, "tools/e2e/scripts/e2e.mjs"), "--no-build", "--timings", file], {
      cwd: repoRoot,
    });
    const cases = JSON.parse(readFileSync(file, "utf8")) as Omit<
      TimingReport,
      "bareTurnsMs" | "gatewayTurns"
    >;
    return rowsOf({ ...cases, bareTurnsMs: baselines.turnsMs, gatewayTurns: baselines.gateway });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** "min–max s over n", in seconds with `digits` decimals. */
function spreadOf(values: number[], digits = 1): string {
  const s = (ms: number) => (ms / 1000).toFixed(digits);
  return `${s(Math.min(...values))}–${s(Math.max(...values))} s over ${values.length}`;
}

export function rowsOf(report: TimingReport): Row[] {
  const of = (pick: (t: CaseRecord["timings"]) => number) => report.cases.map((c) => pick(c.timings));
  const agent = of((t) => t.agentMs);
  const bareMs = median(report.bareTurnsMs);
  const row = (scenario: string, wallMs: number | undefined, note: string): Row => ({
    group: "e2e (real OpenClaw)",
    scenario,
    size: report.cases.length,
    ...(wallMs === undefined ? {} : { wallMs }),
    note,
  });
  return [
    row("case, median", median(of((t) => t.caseMs)), spreadOf(of((t) => t.caseMs))),
    row(
      "harness overhead per case, median",
      median(of((t) => t.overheadMs)),
      spreadOf(of((t) => t.overheadMs)),
    ),
    row("agent turn in the harness, median", median(agent), spreadOf(agent)),
    row("bare agent exec turn, median", bareMs, spreadOf(report.bareTurnsMs)),
    row(
      "agent turn / bare turn",
      undefined,
      `${ratio(median(agent), bareMs, "agent turn / bare turn")} median, ${ratio(Math.max(...agent), bareMs, "slowest agent turn / bare turn")} slowest`,
    ),
    row(
      "case / bare turn",
      undefined,
      `${ratio(median(of((t) => t.caseMs)), bareMs, "case / bare turn")} median`,
    ),
    ...report.batches.map((batch, i) =>
      row(
        `batch ${i + 1} of ${report.batches.length}: gateway start`,
        batch.gatewayStartMs,
        `once for its ${batch.cases} cases; launcher ${(batch.launchMs / 1000).toFixed(1)} s in all`,
      ),
    ),
    row(
      "whole suite",
      report.suiteMs,
      report.suiteStatus === 0 ? "all passed" : `FAILED (exit ${report.suiteStatus})`,
    ),
    ...gatewayRows(report.gatewayTurns, bareMs, row),
  ];
}

/**
 * The same bare turn through one gateway: its start, the warm-up turn, warm turns by CLI and over HTTP, then what a
 * case's config switch and checks cost there.
 */
function gatewayRows(
  gateway: TimingReport["gatewayTurns"],
  bareMs: number,
  row: (scenario: string, wallMs: number | undefined, note: string) => Row,
): Row[] {
  const spread = (values: number[]) => spreadOf(values, 2);
  const faster = (values: number[]) =>
    `${ratio(bareMs, median(values), "bare turn / gateway turn", 1)} faster than the bare turn`;
  return [
    row("one gateway: start until it answers", gateway.startMs, "once per batch"),
    row("one gateway: first turn (warm-up)", gateway.firstTurnMs, "once per batch"),
    row(
      "one gateway: turn by the CLI, median",
      median(gateway.warmTurnsMs),
      `${spread(gateway.warmTurnsMs)}; ${faster(gateway.warmTurnsMs)}`,
    ),
    row(
      "one gateway: turn over HTTP, median",
      median(gateway.httpTurnsMs),
      `${spread(gateway.httpTurnsMs)}; ${faster(gateway.httpTurnsMs)}`,
    ),
    row(
      "one gateway: config rewrite until applied, median",
      median(gateway.reloadMs),
      spread(gateway.reloadMs),
    ),
    row(
      "one gateway: config.get (validity), median",
      median(gateway.configGetMs),
      spread(gateway.configGetMs),
    ),
  ];
}
