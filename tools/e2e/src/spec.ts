/**
 * What the harness (project Node) hands the namespace launcher (Node 24) as JSON, and what the launcher writes
 * back. Paths are absolute. Written by `prepare-run.ts`, read by `launcher/main.ts`.
 */
import type { MockReply } from "./case.ts";

export interface BindMount {
  source: string;
  target: string;
  readOnly: boolean;
}

export interface LaunchSpec {
  caseName: string;
  node24: string;
  openclawMjs: string;
  runDir: string;
  artifactsDir: string;
  configPath: string;
  stateDir: string;
  homeDir: string;
  workDir: string;
  tmpDir: string;
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
  inspect: Record<string, CommandOutcome>;
  /** Where the SQLite transcript/trajectory export was written (null when the database was missing). */
  trajectoryFile: string | null;
  requestsFile: string;
  timings: Record<string, number>;
}

export const ARTIFACT_FILES = {
  spec: "spec.json",
  result: "result.json",
  config: "openclaw.json",
  requests: "requests.jsonl",
  trajectory: "trajectory.json",
  launcherLog: "launcher.log",
} as const;
