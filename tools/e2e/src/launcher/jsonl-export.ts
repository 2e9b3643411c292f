/**
 * Exports what OpenClaw 2026.7 records as JSON lines: the transcript in `$STATE/agents/main/sessions/<id>.jsonl`
 * and the runtime trajectory in `<id>.trajectory.jsonl`. Their lines are the events the later releases keep in
 * SQLite (`transcript_events`, `trajectory_runtime_events`), so the export has the same shape.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { readJsonLines } from "../json-lines.js";
import type { TrajectoryExport } from "../trajectory.js";

export function exportJsonlTrajectory(stateDir: string): TrajectoryExport | null {
  const dir = join(stateDir, "agents", "main", "sessions");
  if (!existsSync(dir)) return null;
  const sessions = readdirSync(dir)
    .filter((name) => name.endsWith(".jsonl") && !name.endsWith(".trajectory.jsonl"))
    .sort();
  if (sessions.length === 0) return null;
  const transcript: TrajectoryExport["transcript"] = [];
  const runtime: TrajectoryExport["runtime"] = [];
  for (const name of sessions) {
    const sessionId = name.slice(0, -".jsonl".length);
    readJsonLines(join(dir, name)).forEach((event, seq) => {
      transcript.push({ sessionId, seq, event });
    });
    const trajectoryFile = join(dir, `${sessionId}.trajectory.jsonl`);
    if (!existsSync(trajectoryFile)) continue;
    readJsonLines(trajectoryFile).forEach((event, index) => {
      const record = (event ?? {}) as { seq?: unknown; runId?: unknown };
      runtime.push({
        sessionId,
        seq: typeof record.seq === "number" ? record.seq : index,
        runId: typeof record.runId === "string" ? record.runId : null,
        event,
      });
    });
  }
  return { database: dir, transcript, runtime };
}
