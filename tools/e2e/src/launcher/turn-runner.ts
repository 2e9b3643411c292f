/**
 * The one place a release's way of running a turn differs: a {@link TurnRunner} makes a case's config the one
 * OpenClaw runs on and says whether OpenClaw took it, runs the case's turn, and stops. The cold runner
 * (cold-runner.ts) starts an OpenClaw per command; the gateway runner (gateway-runner.ts) sends everything to one
 * `openclaw gateway run`. The launcher (main.ts) drives either the same way, and both write the same typed verdicts.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type {
  CaseSpec,
  CommandOutcome,
  ConfigProblem,
  ConfigVerdict,
  EarlierConfig,
  FailFastVerdict,
  TurnOutcome,
} from "../spec.js";
import { isRecord, type JsonRecord, type TrajectoryExport } from "../trajectory.js";

export interface TurnRunner {
  /** How long OpenClaw took to be ready before the first case (0 for a cold runner). */
  readonly startMs: number;
  /** Makes `config` the one the case's next turn runs on; OpenClaw's verdict on it. */
  apply(c: CaseSpec, config: EarlierConfig): Promise<ConfigVerdict>;
  /**
   * The case's turn on the config applied last. `scriptAnswers` counts the mock's answers from the case's script:
   * with it the runner stops a turn that cannot succeed (fail-fast.ts).
   */
  turn(c: CaseSpec, scriptAnswers: () => number): Promise<{ turn: TurnOutcome; failFast?: FailFastVerdict }>;
  /** Ends OpenClaw; then gives each case's transcript and trajectory rows (null when OpenClaw left none). */
  stop(): Promise<(c: CaseSpec) => TrajectoryExport | null>;
}

/** A step's outcome as a command's: its stdout and stderr written to `<label>.stdout|stderr` in the case's folder. */
export function writtenOutcome(
  c: Pick<CaseSpec, "artifactsDir">,
  label: string,
  outcome: Omit<CommandOutcome, "stdoutFile" | "stderrFile" | "signal">,
  output: { stdout: string; stderr: string },
): CommandOutcome {
  const stdoutFile = join(c.artifactsDir, `${label}.stdout`);
  const stderrFile = join(c.artifactsDir, `${label}.stderr`);
  writeFileSync(stdoutFile, output.stdout);
  writeFileSync(stderrFile, output.stderr);
  return { ...outcome, signal: null, stdoutFile, stderrFile };
}

/** A log file from byte `offset` on: what OpenClaw wrote while one step ran. */
export function logFrom(file: string, offset: number): string {
  return existsSync(file) ? readFileSync(file).subarray(offset).toString("utf8") : "";
}

export function logSize(file: string): number {
  return existsSync(file) ? statSync(file).size : 0;
}

/** OpenClaw's problems list (`issues`, `warnings`) as {path, message}; anything else kept as its JSON. */
export function configProblems(value: unknown): ConfigProblem[] {
  if (!Array.isArray(value)) return [];
  return value.map((item) =>
    isRecord(item) && typeof item.message === "string"
      ? { path: typeof item.path === "string" ? item.path : "", message: item.message }
      : { path: "", message: typeof item === "string" ? item : JSON.stringify(item) },
  );
}

/** The label a config's verdict files carry: the case's own config, or one it passed through. */
export function verdictLabel(c: CaseSpec, config: EarlierConfig): string {
  return config.configPath === c.configPath ? "config-validate" : `config-validate-${config.label}`;
}

/** A turn's answer read as {@link TurnOutcome}'s fields: `ok` needs a completed command and a clean stop. */
export function turnOfAnswer(
  answer: JsonRecord,
  exitCode: number | null,
  outcome: CommandOutcome,
): TurnOutcome {
  // `agent exec` prints `ok`, `final` and `toolSummary`; `agent --local` (2026.7) and a gateway's `agent` method
  // give `{payloads, meta}` (the gateway inside `result`), where they are read from `meta`.
  if (typeof answer.ok === "boolean") {
    return {
      ran: true,
      ok: exitCode === 0 && answer.ok,
      ...(typeof answer.final === "string" ? { final: answer.final } : {}),
      toolSummary: answer.toolSummary,
      answer,
      outcome,
    };
  }
  const turn = isRecord(answer.result) ? answer.result : answer;
  const meta = isRecord(turn.meta) ? turn.meta : {};
  const ok =
    exitCode === 0 && meta.aborted !== true && meta.stopReason !== "error" && Array.isArray(turn.payloads);
  const final = meta.finalAssistantVisibleText;
  return {
    ran: true,
    ok,
    ...(typeof final === "string" ? { final } : {}),
    toolSummary: meta.toolSummary,
    answer,
    outcome,
  };
}

/** The turn of a case whose config OpenClaw did not take: none ran. */
export function notRun(c: CaseSpec): TurnOutcome {
  const outcome = writtenOutcome(
    c,
    "agent",
    { args: ["agent"], exitCode: null, durationMs: 0 },
    { stdout: "", stderr: "not run: OpenClaw did not take the case's config (see config-validate.*)\n" },
  );
  return { ran: false, ok: false, answer: {}, outcome };
}
