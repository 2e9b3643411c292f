/**
 * What the harness (project Node) hands the namespace launcher (Node 24) as JSON, and what the launcher writes
 * back. Written by `prepare-run.ts`, read by `launcher/main.ts`.
 */
import type { EndpointRule, MockReply } from "./mock/types.js";
import type { JsonRecord } from "./trajectory.js";

export interface BindMount {
  source: string;
  target: string;
  readOnly: boolean;
}

/** The folders one OpenClaw process (or group of processes) works in; all inside the run's scratch folder. */
export interface OpenclawDirs {
  state: string;
  home: string;
  work: string;
  tmp: string;
}

/**
 * How a headless turn runs: `exec` is `openclaw agent exec` (2026.8 on; transcript in SQLite), `local` is
 * `openclaw agent --local --message …` (2026.7; config and state from the environment), both a cold OpenClaw per
 * case (launcher/cold-runner.ts); `gateway` is the `agent` method of one long-lived `openclaw gateway run` that the
 * cases of a run share (launcher/gateway-runner.ts).
 */
export type TurnDriver = "exec" | "local" | "gateway";

/** What a run of `openclaw …` commands needs to know of its run: binaries, CA, output folder, config. */
export interface CommandContext {
  node24: string;
  openclawMjs: string;
  /** Where a command's `<label>.stdout|stderr` go. */
  artifactsDir: string;
  configPath: string;
  tls: { certFile: string; keyFile: string; caFile: string };
}

/** A config a case passed through before its own (see E2ECase.switchedFrom). */
export interface EarlierConfig {
  label: string;
  configPath: string;
}

/** One case of a run: its own config(s), mock script, turn and artefact folder. */
export interface CaseSpec {
  caseName: string;
  openclaw: RunSpec["openclaw"];
  artifactsDir: string;
  /** The generated config, used byte for byte. */
  configPath: string;
  /** The session the case's turn runs in (through a gateway, its transcript rows carry this id). */
  sessionId: string;
  mock: { script: MockReply[]; rules: EndpointRule[]; modelIds: string[] };
  agent: { modelRef: string; prompt: string; timeoutSeconds: number; thinking?: string };
  /** Configs the case passed through before `configPath`, each judged by OpenClaw too, in order. */
  earlierConfigs: EarlierConfig[];
  /** Which planned inspection ({@link RunSpec.inspections}) answers for each plugin id. */
  inspections: Record<string, string>;
}

/** One cold `plugins inspect <id> --runtime`, shared by every case of the run with the same config. */
export interface PlannedInspection {
  /** Unique in the run; names its output files. */
  label: string;
  pluginId: string;
  /** The config of the first case that needs it (the others have the same config). */
  configPath: string;
}

/**
 * A run: its cases one after another in one set of namespaces, with one mock and one CA for all their routes, the
 * turns run by one {@link TurnDriver}. A cold run holds one case. Written by `prepare-run.ts`, read by
 * `launcher/main.ts`; paths are absolute.
 */
export interface RunSpec {
  node24: string;
  openclawMjs: string;
  /** The OpenClaw release that runs, and how it runs a turn. */
  openclaw: { version: string; driver: TurnDriver };
  runDir: string;
  /** The run's own artefacts (launcher log, gateway log, the request bodies plugins built). */
  artifactsDir: string;
  /**
   * Host paths the run reads or writes (repository, scratch and artefact folders, mount sources). Inside the
   * namespace /tmp is a fresh tmpfs; those of these paths that lie below /tmp are bound back into it.
   */
  hostPaths: string[];
  /** Files and directories bound over their targets inside the private mount namespace only. */
  mounts: BindMount[];
  tls: CommandContext["tls"];
  /** `address` is added to `lo` inside the namespace; every route's host name resolves to it. */
  mock: { address: string; port: number };
  inspections: PlannedInspection[];
  cases: CaseSpec[];
}

export interface CommandOutcome {
  args: string[];
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  stdoutFile: string;
  stderrFile: string;
}

/** One problem OpenClaw names in a config: where, and what. */
export interface ConfigProblem {
  path: string;
  message: string;
}

/**
 * What OpenClaw said of one config file: `config validate` cold, `config.get` through a gateway (the same validity
 * and warnings, word for word, measured 2026-12-05).
 */
export interface ConfigVerdict {
  /** Names the outcome's files (`config-validate`, `config-validate-<earlier label>`). */
  label: string;
  valid: boolean;
  issues: ConfigProblem[];
  warnings: ConfigProblem[];
  /** OpenClaw runs this file: valid and, through a gateway, applied exactly as written. */
  taken: boolean;
  /** Why no verdict could be had (a command that printed none, a gateway that never showed the file). */
  failure?: string;
  /** The command that judged it, or the gateway's log meanwhile (on stderr). */
  outcome: CommandOutcome;
}

/** A case's turn as OpenClaw reported it, whichever driver ran it. */
export interface TurnOutcome {
  /** False when no turn ran: OpenClaw did not take the case's config. */
  ran: boolean;
  /** Completed: a zero exit or an `ok` answer, not aborted, no error stop. */
  ok: boolean;
  /** The visible final answer. */
  final?: string;
  /** OpenClaw's count of tool calls and failures. */
  toolSummary?: unknown;
  /** OpenClaw's answer as it printed (cold) or sent (gateway) it. */
  answer: JsonRecord;
  /** The command, or the gateway call, with its output files (a gateway's log meanwhile on stderr). */
  outcome: CommandOutcome;
}

/**
 * Why the harness stopped a turn before OpenClaw gave up (launcher/fail-fast.ts): the mock had answered nothing from
 * the script and OpenClaw reported, again, an error it only retries.
 */
export interface FailFastVerdict {
  /** From the turn's start to the stop. */
  afterMs: number;
  /** When it stopped (ISO time), to set beside OpenClaw's own timestamps. */
  at: string;
  kind: "blocked-request" | "connection-refused" | "provider-error";
  /** The line OpenClaw wrote. */
  line: string;
}

/** What the launcher writes for each case (`result.json`). */
export interface CaseResult {
  /** OpenClaw's verdict on the case's config. */
  config: ConfigVerdict;
  /** Its verdicts on the configs the case passed through, in order. */
  earlierConfigs: ConfigVerdict[];
  turn: TurnOutcome;
  /** Set when the harness stopped the turn early; the case then fails, naming this. */
  failFast?: FailFastVerdict;
  inspect: Record<string, CommandOutcome>;
  /** Where the case's transcript/trajectory export was written (null when OpenClaw left none). */
  trajectoryFile: string | null;
  requestsFile: string;
  timings: LaunchTimings;
}

/** What the launcher writes of the run as a whole (ms). */
export interface RunSummary {
  /** How long OpenClaw took to be ready before the first case (a gateway's start; 0 cold). */
  startMs: number;
  totalMs: number;
}

/**
 * Wall times (ms) of a case's phases in the launcher: the namespace and the mock are the run's (a cold run's one
 * case pays them; through a gateway they are 0), `checksMs` is OpenClaw's verdicts on the case's configs.
 */
export interface LaunchTimings {
  namespaceMs: number;
  mockMs: number;
  agentMs: number;
  checksMs: number;
  exportMs: number;
  totalMs: number;
}

export const ARTIFACT_FILES = {
  spec: "spec.json",
  result: "result.json",
  config: "openclaw.json",
  requests: "requests.jsonl",
  /** How the mock answered each request (RecordedReply), by the request's seq. */
  replies: "replies.jsonl",
  /** Request bodies as OpenClaw built them, before a plugin's hook changed them (wire-recorder.ts). */
  builtRequests: "built-requests.jsonl",
  conversation: "conversation.html",
  trajectory: "trajectory.json",
  launcherLog: "launcher.log",
  /** The run's spec and summary, in the run's folder (a cold run's is its case's). */
  runSpec: "run-spec.json",
  runSummary: "run.json",
} as const;
