/**
 * JSON lines, the one format the harness appends records in (mock requests, case timings, necessity runs) and
 * reads back (those, and OpenClaw 2026.7's transcripts).
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";

export function appendJsonLine(file: string, value: unknown): void {
  appendFileSync(file, `${JSON.stringify(value)}\n`);
}

/** `file` holding exactly `values`, one line each. */
export function writeJsonLines(file: string, values: readonly unknown[]): void {
  writeFileSync(file, values.map((value) => `${JSON.stringify(value)}\n`).join(""));
}

/**
 * Every record of a JSON-lines file, blank lines skipped; none when the file does not exist. A line that is not
 * JSON is reported with the file and its line number.
 */
export function readJsonLines<T = unknown>(file: string): T[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .flatMap((line, index) => {
      if (line.trim() === "") return [];
      try {
        return [JSON.parse(line) as T];
      } catch (error) {
        throw new Error(`${file}:${index + 1}: not a JSON line (${(error as Error).message})`);
      }
    });
}
