import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appendJsonLine, readJsonLines, writeJsonLines } from "../src/json-lines.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "model-setup-json-lines-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("JSON lines", () => {
  it("reads back what was written and appended, one record per line", () => {
    const file = join(dir, "runs.jsonl");
    writeJsonLines(file, [{ a: 1 }, "two"]);
    appendJsonLine(file, [3]);
    expect(readFileSync(file, "utf8")).toBe('{"a":1}\n"two"\n[3]\n');
    expect(readJsonLines(file)).toEqual([{ a: 1 }, "two", [3]]);
  });

  it("skips blank lines and reads a missing file as none", () => {
    const file = join(dir, "blank.jsonl");
    writeFileSync(file, '\n{"a":1}\n  \n');
    expect(readJsonLines(file)).toEqual([{ a: 1 }]);
    expect(readJsonLines(join(dir, "missing.jsonl"))).toEqual([]);
  });

  it("names the file and line of a line that is not JSON", () => {
    const file = join(dir, "broken.jsonl");
    writeFileSync(file, '{"a":1}\n{"a":\n');
    expect(() => readJsonLines(file)).toThrow(`${file}:2: not a JSON line`);
  });
});
