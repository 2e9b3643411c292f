/**
 * What the harness (project Node) hands the namespace launcher (Node 24) as JSON, and what the launcher writes
 * back. Paths are absolute. Written by `prepare-run.ts`, read by `launcher/main.ts`.
 */
import type { EndpointRule, MockReply } from "./mock/types.js";

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
 * `openclaw agent --local --message …` (2026.7; config and state from the environment), `gateway` is the `agent`
 * method of one long-lived `openclaw gateway run` that a batch of cases shares (see launcher/batch-main.ts).
 */
export type TurnDriver = "exec" | "local" | "gateway";

export interface LaunchSpec {
  caseName: string;
  node24: string;
  openclawMjs: string;
  /** The OpenClaw release that runs, and how it runs a turn. */
  openclaw: { version: string; driver: TurnDriver };
  runDir: string;
  artifactsDir: string;
  configPath: string;
  /** The agent turn's folders; its transcript is exported from `state`. */
  agentDirs: OpenclawDirs;
  /**
   * The read-only checks (`config validate`, `plugins inspect --runtime`) run while the agent turn runs, so they
   * get folders of their own and never share a state database or lock with it.
   */
  checkDirs: OpenclawDirs;
  /**
   * Host paths the run reads or writes (repository, scratch and artefact folders, mount sources). Inside the
   * namespace /tmp is a fresh tmpfs; those of these paths that lie below /tmp are bound back into it.
   */
  hostPaths: string[];
  /** Files and directories bound over their targets inside the private mount namespace only. */
  mounts: BindMount[];
  tls: { certFile: string; keyFile: string; caFile: string };
  /** `address` is added to `lo` inside the namespace; the route's host name resolves to it. */
  mock: { script: MockReply[]; rules: EndpointRule[]; modelIds: string[]; address: string; port: number };
  agent: { modelRef: string; prompt: string; timeoutSeconds: number; thinking?: string };
  /** Plugin ids to check with `openclaw plugins inspect <id> --runtime --json`. */
  inspectPlugins: string[];
  /** Configs a case passed through before `configPath` (see E2ECase.switchedFrom), each validated too. */
  earlierConfigs: { label: string; configPath: string }[];
}

/** What a run of `openclaw …` commands needs to know of its run: binaries, CA, artefact folder, config. */
export type CommandContext = Pick<
  LaunchSpec,
  "node24" | "openclawMjs" | "artifactsDir" | "configPath" | "tls"
>;

/** One case of a batch: its own config(s), mock script, turn and artefact folder. */
export interface BatchCaseSpec {
  caseName: string;
  openclaw: LaunchSpec["openclaw"];
  artifactsDir: string;
  configPath: string;
  /** The gateway session the case's turn runs in; its transcript rows carry this id. */
  sessionId: string;
  mock: { script: MockReply[]; rules: EndpointRule[]; modelIds: string[] };
  agent: LaunchSpec["agent"];
  earlierConfigs: LaunchSpec["earlierConfigs"];
  /** Which planned inspection ({@link BatchSpec.inspections}) answers for each plugin id. */
  inspections: Record<string, string>;
}

/** One cold `plugins inspect <id> --runtime`, shared by every case with the same config. */
export interface PlannedInspection {
  /** Unique in the batch; names its output files. */
  label: string;
  pluginId: string;
  /** The config of the first case that needs it (the others have the same config). */
  configPath: string;
}

/**
 * A batch: cases that run one after another through one `openclaw gateway run` in one namespace, with one mock and
 * one CA for all their routes. Written by `prepare-batch.ts`, read by `launcher/batch-main.ts`.
 */
export interface BatchSpec extends CommandContext {
  openclaw: LaunchSpec["openclaw"];
  runDir: string;
  /** The batch's own artefacts (gateway log, inspections); each case writes to its own folder. */
  artifactsDir: string;
  /** The file the gateway runs on: each case's config plus the gateway's own section, rewritten per case. */
  configPath: string;
  hostPaths: string[];
  mounts: BindMount[];
  tls: LaunchSpec["tls"];
  mock: { address: string; port: number };
  inspections: PlannedInspection[];
  cases: BatchCaseSpec[];
}

/** What a batch's launcher writes of the batch as a whole (ms). */
export interface BatchSummary {
  gatewayStartMs: number;
  totalMs: number;
}

export interface CommandOutcome {
  args: string[];
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  stdoutFile: string;
  stderrFile: string;
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

export interface LaunchResult {
  agent: CommandOutcome;
  /** Set when the harness stopped the turn early; the case then fails, naming this. */
  failFast?: FailFastVerdict;
  validate: CommandOutcome;
  /** `config validate` of each of the spec's earlierConfigs, in order. */
  validateEarlier: CommandOutcome[];
  inspect: Record<string, CommandOutcome>;
  /** Where the SQLite transcript/trajectory export was written (null when the database was missing). */
  trajectoryFile: string | null;
  requestsFile: string;
  timings: LaunchTimings;
}

/** Wall times (ms) of the launcher's phases; `agentMs` and `checksMs` overlap. */
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
  batchSpec: "batch-spec.json",
  batchSummary: "batch.json",
} as const;
