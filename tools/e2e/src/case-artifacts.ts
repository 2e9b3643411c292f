/**
 * A case's artefact folder read back whatever state the run left it in: a finished run (result.json and all), a
 * turn stopped early, or a launcher that failed before writing a result. The same folder layout comes from a cold
 * run and from a batch (each case's folder holds what a cold run writes), so the failure causes (diagnosis.ts) and
 * the conversation page (conversation.ts) read both paths through this one reader.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { lastJsonDocument, readJsonLines } from "./json-lines.js";
import type { MockReply, RecordedReply, RecordedRequest } from "./mock/types.js";
import { ARTIFACT_FILES, type CaseResult, type ConfigVerdict } from "./spec.js";
import { isRecord, type JsonRecord, type TrajectoryExport } from "./trajectory.js";
import type { BuiltRequest } from "./wire-recorder.js";

export interface CaseArtifacts {
  dir: string;
  caseName: string;
  /** The OpenClaw release that ran, "" when the spec is missing. */
  release: string;
  driver: string;
  prompt: string;
  script: MockReply[];
  config: JsonRecord;
  result: CaseResult | undefined;
  requests: RecordedRequest[];
  replies: RecordedReply[];
  built: BuiltRequest[];
  trajectory: TrajectoryExport;
  /** Every `*.stderr` of the folder by file name, the turn's own (`agent.stderr`) first. */
  stderr: [string, string][];
  /** OpenClaw's verdicts on the case's configs, the case's own first (none without a result). */
  verdicts: ConfigVerdict[];
  /** Every `plugins-inspect-*.stdout`, parsed, by plugin id. */
  inspections: [string, unknown][];
}

function text(file: string): string {
  return existsSync(file) ? readFileSync(file, "utf8") : "";
}

/** JSON, or undefined for a missing or unreadable file (a run stopped mid-write must still be explained). */
function json(file: string): unknown {
  return lastJsonDocument(text(file));
}

function lines<T>(file: string): T[] {
  try {
    return readJsonLines<T>(file);
  } catch {
    return [];
  }
}

export function readCaseArtifacts(dir: string, caseName: string): CaseArtifacts {
  const spec = json(join(dir, ARTIFACT_FILES.spec));
  const openclaw = isRecord(spec) && isRecord(spec.openclaw) ? spec.openclaw : {};
  const mock = isRecord(spec) && isRecord(spec.mock) ? spec.mock : {};
  const agent = isRecord(spec) && isRecord(spec.agent) ? spec.agent : {};
  const config = json(join(dir, ARTIFACT_FILES.config));
  const parsed = json(join(dir, ARTIFACT_FILES.result));
  const result = isRecord(parsed) ? (parsed as unknown as CaseResult) : undefined;
  const trajectory = json(join(dir, ARTIFACT_FILES.trajectory));
  const files = existsSync(dir) ? readdirSync(dir).sort() : [];
  const stderr = files
    .filter((name) => name.endsWith(".stderr"))
    .sort((a, b) => Number(b === "agent.stderr") - Number(a === "agent.stderr"))
    .map((name): [string, string] => [name, text(join(dir, name))]);
  return {
    dir,
    caseName,
    release: typeof openclaw.version === "string" ? openclaw.version : "",
    driver: typeof openclaw.driver === "string" ? openclaw.driver : "",
    prompt: typeof agent.prompt === "string" ? agent.prompt : "",
    script: Array.isArray(mock.script) ? (mock.script as MockReply[]) : [],
    config: isRecord(config) ? config : {},
    result,
    requests: lines<RecordedRequest>(join(dir, ARTIFACT_FILES.requests)),
    replies: lines<RecordedReply>(join(dir, ARTIFACT_FILES.replies)),
    built: lines<BuiltRequest>(join(dir, ARTIFACT_FILES.builtRequests)),
    trajectory: isRecord(trajectory)
      ? (trajectory as unknown as TrajectoryExport)
      : { database: "", transcript: [], runtime: [] },
    stderr,
    verdicts: result ? [result.config, ...result.earlierConfigs] : [],
    inspections: files
      .filter((name) => name.startsWith("plugins-inspect-") && name.endsWith(".stdout"))
      .map((name) => [name.slice("plugins-inspect-".length, -".stdout".length), json(join(dir, name))]),
  };
}

/** Whether OpenClaw's turn itself failed (no result, not run, not ok, or stopped by the harness). */
export function turnFailed(a: Pick<CaseArtifacts, "result">): boolean {
  const result = a.result;
  return result === undefined || !result.turn.ok || result.failFast !== undefined;
}
