import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ContextFile, contextTarball, DIR_MODE, FIXED_MTIME } from "../src/index.js";
import { readTar } from "./workspace.js";

const segment = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,40}$/);
const file = fc.record({
  path: fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join("/")),
  content: fc.uint8Array({ maxLength: 1500 }).map((bytes) => Buffer.from(bytes)),
  mode: fc.constantFrom(0o644, 0o755),
});

/** Files with paths that are never both a file and a directory. */
const fileSet = fc.array(file, { maxLength: 12 }).map((files) => {
  const byPath = new Map<string, ContextFile>();
  for (const f of files) {
    const clash = [...byPath.keys()].some((p) => p.startsWith(`${f.path}/`) || f.path.startsWith(`${p}/`));
    if (!clash) byPath.set(f.path, f);
  }
  return [...byPath.values()];
});

describe("context tarball", () => {
  it("holds every file and its folders, sorted, with fixed owners, times and modes, whatever the input order", async () => {
    await fc.assert(
      fc.asyncProperty(fileSet, async (files) => {
        const tarball = await contextTarball(files);
        expect((await contextTarball([...files].reverse())).equals(tarball)).toBe(true);
        const entries = await readTar(tarball);
        const names = entries.map(({ header }) => header.name);
        expect(names).toEqual([...names].sort());
        for (const { header, content } of entries) {
          expect(header).toMatchObject({ uid: 0, gid: 0, uname: "", gname: "" });
          expect(header.mtime?.getTime()).toBe(FIXED_MTIME.getTime());
          const source = files.find((f) => f.path === header.name);
          if (source) {
            expect(header.mode).toBe(source.mode);
            expect(content.equals(source.content)).toBe(true);
          } else {
            expect(header.type).toBe("directory");
            expect(header.mode).toBe(DIR_MODE);
          }
        }
        expect(names.filter((name) => !name.endsWith("/")).sort()).toEqual(files.map((f) => f.path).sort());
      }),
      { numRuns: 60 },
    );
  });

  it("keeps long names whole (they need extension headers)", async () => {
    const long = `${"deep/".repeat(30)}file-with-a-long-name.json`;
    const entries = await readTar(
      await contextTarball([{ path: long, content: Buffer.from("{}\n"), mode: 0o644 }]),
    );
    expect(entries.map(({ header }) => header.name)).toContain(long);
  });
});
