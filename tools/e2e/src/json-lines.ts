/**
 * JSON lines, the one format the harness appends records in (mock requests, case timings, necessity runs) and
 * reads back (those, and OpenClaw 2026.7's transcripts), and the one reader of a JSON document a command printed.
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

/**
 * The JSON document a command printed, or undefined for no output or none that parses. Some OpenClaw commands print
 * log lines before it: then the last top-level object is taken.
 */
export function lastJsonDocument(text: string): unknown {
  const content = text.trim();
  if (!content) return undefined;
  try {
    return JSON.parse(content) as unknown;
  } catch {
    const start = content.lastIndexOf("\n{");
    try {
      return start >= 0 ? (JSON.parse(content.slice(start + 1)) as unknown) : undefined;
    } catch {
      return undefined;
    }
  }
}
