/**
 * Exports what OpenClaw recorded in `$STATE/agents/main/agent/openclaw-agent.sqlite`: the transcript tree
 * (`transcript_events`, large rows zstd-compressed in `event_zstd`) and the runtime trajectory
 * (`trajectory_runtime_events`). Runs under Node 24 only (node:sqlite, zlib zstd), hence the dynamic imports.
 */
import { existsSync } from "node:fs";
import * as zlib from "node:zlib";
import type { TrajectoryExport } from "../trajectory.js";

interface StatementLike {
  all(...params: unknown[]): Record<string, unknown>[];
}
interface DatabaseLike {
  prepare(sql: string): StatementLike;
  close(): void;
}
interface SqliteModule {
  DatabaseSync: new (path: string, options?: { readOnly?: boolean }) => DatabaseLike;
}

const zstdDecompressSync = (zlib as unknown as { zstdDecompressSync?: (input: Uint8Array) => Buffer })
  .zstdDecompressSync;

function decodeEvent(row: Record<string, unknown>, jsonColumn: string, zstdColumn?: string): unknown {
  const text = row[jsonColumn];
  if (typeof text === "string" && text.length > 0) return JSON.parse(text) as unknown;
  const packed = zstdColumn ? row[zstdColumn] : undefined;
  if (packed instanceof Uint8Array) {
    if (!zstdDecompressSync) throw new Error("zstd row found but zlib.zstdDecompressSync is unavailable");
    return JSON.parse(zstdDecompressSync(packed).toString("utf8")) as unknown;
  }
  return null;
}

function columns(db: DatabaseLike, table: string): Set<string> {
  return new Set(
    db
      .prepare(`PRAGMA table_info(${table})`)
      .all()
      .map((c) => String(c.name)),
  );
}

export function agentDatabasePath(stateDir: string): string {
  return `${stateDir}/agents/main/agent/openclaw-agent.sqlite`;
}

export async function exportTrajectory(stateDir: string): Promise<TrajectoryExport | null> {
  const file = agentDatabasePath(stateDir);
  if (!existsSync(file)) return null;
  const specifier = "node:sqlite";
  const { DatabaseSync } = (await import(specifier)) as SqliteModule;
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    const transcriptCols = columns(db, "transcript_events");
    const zstdCol = transcriptCols.has("event_zstd") ? "event_zstd" : undefined;
    const transcript = db
      .prepare("SELECT * FROM transcript_events ORDER BY session_id, seq")
      .all()
      .map((row) => ({
        sessionId: String(row.session_id),
        seq: Number(row.seq),
        event: decodeEvent(row, "event_json", zstdCol),
      }));
    const runtime = db
      .prepare("SELECT * FROM trajectory_runtime_events ORDER BY session_id, seq")
      .all()
      .map((row) => ({
        sessionId: String(row.session_id),
        seq: Number(row.seq),
        runId: row.run_id === null || row.run_id === undefined ? null : String(row.run_id),
        event: decodeEvent(
          row,
          "event_json",
          columns(db, "trajectory_runtime_events").has("event_zstd") ? "event_zstd" : undefined,
        ),
      }));
    return { database: file, transcript, runtime };
  } finally {
    db.close();
  }
}
