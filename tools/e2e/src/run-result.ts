/** What a case's `assert` receives: the recorded run, loaded from its artefact directory. */
import type { RecordedRequest } from "./mock/types.js";
import type { CaseResult, LaunchTimings, RunSpec, TurnOutcome } from "./spec.js";
import type { JsonRecord, Trajectory } from "./trajectory.js";
import type { ChatRequest } from "./wire.js";

export interface E2ERun {
  caseName: string;
  /** Kept after the run: config, requests.jsonl, trajectory.json, command stdout/stderr, result.json. */
  artifactsDir: string;
  /** The OpenClaw release that ran, and how it ran the turn. */
  openclaw: RunSpec["openclaw"];
  /** The generated openclaw.json, exactly as OpenClaw read it. */
  config: JsonRecord;
  /** Every model entry of every provider in that config (the routed model's entry, for one route). */
  modelEntries: JsonRecord[];
  /** The turn as OpenClaw reported it (`ok`, `final`, `toolSummary`, its answer), whichever way it ran. */
  turn: TurnOutcome;
  /** What OpenClaw logged during the turn: a cold turn's stderr, or the gateway's log while it ran. */
  turnLog: string;
  /** The launcher's record of the case: OpenClaw's verdicts on its configs, the turn, inspections, timings. */
  result: CaseResult;
  /** Every request the mock received, in arrival order. */
  requests: RecordedRequest[];
  /** The POST …/chat/completions requests only, in order. */
  chatRequests: ChatRequest[];
  trajectory: Trajectory;
  /** Parsed `openclaw plugins inspect <id> --runtime --json` output per plugin id. */
  pluginInspections: Record<string, unknown>;
  /** How OpenClaw spells a transcript tool-call id on the wire (default replay policy: [A-Za-z0-9] only). */
  wireId(id: string): string;
  timings: CaseTimings;
}

/**
 * Where a case's wall time went (ms): the launcher's phases plus the harness's own. `overheadMs` is everything
 * but the agent turn: `caseMs - agentMs`.
 */
export interface CaseTimings extends LaunchTimings {
  /** Config generation, TLS, plugin copy, spec (before the namespaces). */
  prepareMs: number;
  /** `unshare` + launcher, i.e. everything inside the namespaces, start to exit. */
  launchMs: number;
  /** Reading the artefacts back. */
  loadMs: number;
  caseMs: number;
  overheadMs: number;
}
