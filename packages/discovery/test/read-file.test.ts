/**
 * readRegularFile, the one reader every tool uses for files it is pointed at: nothing that is not a regular file
 * is ever waited on, and bytes that are not UTF-8 are refused with their offset instead of read as U+FFFD.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { readRegularFile } from "../src/index.js";

const scratch = mkdtempSync(join(tmpdir(), "read-file-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const DIST = fileURLToPath(new URL("../dist/index.js", import.meta.url));

/**
 * Reads in a child process: a reader that blocked on a FIFO would block a test worker for good, so the child's
 * timeout turns a hang into a failed assertion (no clock is asserted on).
 */
function readInChild(file: string) {
  const script = `import { readRegularFile } from ${JSON.stringify(DIST)};
process.stdout.write(JSON.stringify(readRegularFile(process.argv[1], 1024)));`;
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", script, file], {
    encoding: "utf8",
    timeout: 20_000,
  });
  expect(run.error, "the read did not finish: it waited on the file").toBeUndefined();
  return JSON.parse(run.stdout);
}

describe("readRegularFile", () => {
  it("refuses a FIFO at once instead of waiting for a writer", { timeout: 30_000 }, () => {
    const fifo = join(scratch, "pipe.json");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    expect(readInChild(fifo)).toEqual({
      ok: false,
      missing: false,
      message: expect.stringContaining("is not a regular file"),
    });
  });

  it.each([
    ["a folder", () => mkdtempSync(join(scratch, "dir-"))],
    ["a character device", () => "/dev/zero"],
  ])("refuses %s", (_, target) => {
    expect(readRegularFile(target(), 1024)).toMatchObject({ ok: false, missing: false });
    expect(readRegularFile(target(), 1024)).toHaveProperty(
      "message",
      expect.stringMatching(/not a regular file/),
    );
  });

  it("says a file is missing, and refuses one over the limit without reading it", () => {
    expect(readRegularFile(join(scratch, "nothing.json"), 1024)).toEqual({
      ok: false,
      missing: true,
      message: "is missing",
    });
    const big = join(scratch, "big.json");
    writeFileSync(big, "x".repeat(2048));
    expect(readRegularFile(big, 1024)).toMatchObject({
      ok: false,
      message: "is 2048 bytes, over the 1024-byte limit",
    });
  });

  it("refuses bytes that are not UTF-8, naming the offset of the first", () => {
    const file = join(scratch, "latin1.json");
    writeFileSync(
      file,
      Buffer.concat([Buffer.from('{"description": "caf'), Buffer.from([0xe9]), Buffer.from('"}')]),
    );
    expect(readRegularFile(file, 1024)).toEqual({
      ok: false,
      missing: false,
      message: "is not valid UTF-8 (the first bad byte is at offset 20): save it as UTF-8",
    });
  });

  it("follows a symbolic link unless told not to", () => {
    const dir = join(scratch, "links");
    mkdirSync(dir);
    writeFileSync(join(dir, "real.json"), "{}");
    symlinkSync("real.json", join(dir, "link.json"));
    expect(readRegularFile(join(dir, "link.json"), 1024)).toEqual({ ok: true, text: "{}" });
    expect(readRegularFile(join(dir, "link.json"), 1024, { noFollow: true })).toMatchObject({ ok: false });
  });
});
