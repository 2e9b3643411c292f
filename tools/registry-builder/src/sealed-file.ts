import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { sha256 } from "./hash.js";

/**
 * JSON files the builder keeps for itself (cache entries, build state): the first line is the sha256 of the
 * rest, so a truncated, corrupted or hand-edited file reads as absent instead of as wrong data. Written to a
 * temp file and renamed, so readers never see half a file.
 */

/** The parsed body, or undefined when the file is missing, unreadable or does not verify. */
export function readSealedJson(file: string): unknown {
  try {
    const text = readFileSync(file, "utf8");
    const newline = text.indexOf("\n");
    const body = text.slice(newline + 1);
    if (newline !== 64 || text.slice(0, 64) !== sha256(body)) return undefined;
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** Writes `value` sealed; false when it could not be written (a cache that cannot be written only costs speed). */
export function writeSealedJson(file: string, value: unknown): boolean {
  const temp = `${file}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    const body = JSON.stringify(value);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temp, `${sha256(body)}\n${body}`);
    renameSync(temp, file);
    return true;
  } catch {
    rmSync(temp, { force: true });
    return false;
  }
}
