/**
 * What the harness (project Node) hands the namespace launcher (Node 24) as JSON, and what the launcher writes
 * back. Paths are absolute. Written by `prepare-run.ts`, read by `launcher/main.ts`.
 */
import type { MockReply } from "./mock/types.js";

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
 * How a release runs a headless turn: `exec` is `openclaw agent exec` (2026.8 on; transcript in SQLite), `local`
 * is `openclaw agent --local --message …` (2026.7; config and state from the environment).
 */
export type TurnDriver = "exec" | "local";

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
  mock: { script: MockReply[]; modelIds: string[]; address: string; port: number };
  agent: { modelRef: string; prompt: string; timeoutSeconds: number; thinking?: string };
  /** Plugin ids to check with `openclaw plugins inspect <id> --runtime --json`. */
  inspectPlugins: string[];
  /** Configs a case passed through before `configPath` (see E2ECase.switchedFrom), each validated too. */
  earlierConfigs: { label: string; configPath: string }[];
}

export interface CommandOutcome {
  args: string[];
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  stdoutFile: string;
  stderrFile: string;
}

export interface LaunchResult {
  agent: CommandOutcome;
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
  trajectory: "trajectory.json",
  launcherLog: "launcher.log",
} as const;
