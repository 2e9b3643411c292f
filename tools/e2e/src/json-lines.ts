/**
 * JSON lines, the one format the harness appends records in (mock requests, case timings, necessity runs) and
 * reads back (those, and OpenClaw 2026.7's transcripts).
 */
import { appendFileSync, existsSync, readFileSync } from "node:fs";

export function appendJsonLine(file: string, value: unknown): void {
  appendFileSync(file, `${JSON.stringify(value)}\n`);
}

/** Every record of a JSON-lines file, blank lines skipped; none when the file does not exist. */
export function readJsonLines<T = unknown>(file: string): T[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as T);
}
