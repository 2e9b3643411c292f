import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ContextFile, contextTarball, splitEntries } from "../src/index.js";
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

type Change =
  | { kind: "edit" | "mode" | "drop"; index: number; content: Buffer }
  | { kind: "add"; file: ContextFile };

function applyChanges(files: readonly ContextFile[], changes: readonly Change[]): ContextFile[] {
  let next = [...files];
  for (const change of changes) {
    if (change.kind === "add") {
      const clash = next.some(
        (f) =>
          f.path === change.file.path ||
          f.path.startsWith(`${change.file.path}/`) ||
          change.file.path.startsWith(`${f.path}/`),
      );
      if (!clash) next.push(change.file);
      continue;
    }
    if (next.length === 0) continue;
    const index = change.index % next.length;
    const target = next[index] as ContextFile;
    if (change.kind === "drop") next = next.filter((_, i) => i !== index);
    else if (change.kind === "edit") next[index] = { ...target, content: change.content };
    else next[index] = { ...target, mode: target.mode === 0o644 ? 0o755 : 0o644 };
  }
  return next;
}

const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({
    kind: fc.constantFrom("edit" as const, "mode" as const, "drop" as const),
    index: fc.nat(),
    content: fc.uint8Array({ maxLength: 700 }).map((bytes) => Buffer.from(bytes)),
  }),
  fc.record({ kind: fc.constant("add" as const), file }),
);

describe("context tarball", () => {
  it("copying unchanged entries from the previous archive gives the bytes of a fresh encode", async () => {
    await fc.assert(
      fc.asyncProperty(fileSet, fc.array(change, { maxLength: 6 }), async (files, changes) => {
        const first = await contextTarball(files);
        const changed = applyChanges(files, changes);
        const fresh = await contextTarball(changed);
        const incremental = await contextTarball(changed, first);
        expect(incremental.tarball.equals(fresh.tarball)).toBe(true);
        expect(incremental.index).toEqual(fresh.index);
        const unchanged = Object.entries(fresh.index).filter(
          ([path, span]) => first.index[path]?.identity === span.identity,
        );
        expect(incremental.reused).toBe(unchanged.length);
      }),
      { numRuns: 60 },
    );
  });

  it("indexes every entry at its offset, long names included (they need extension headers)", async () => {
    const long = `${"deep/".repeat(30)}file-with-a-long-name.json`;
    const files: ContextFile[] = [
      { path: long, content: Buffer.from("{}\n"), mode: 0o644 },
      { path: "b.txt", content: Buffer.alloc(513, 1), mode: 0o755 },
    ];
    const { tarball, index } = await contextTarball(files);
    const names = (await readTar(tarball)).map(({ header }) => header.name);
    expect(Object.keys(index).sort()).toEqual([...names].sort());
    expect(names).toContain(long);
    for (const span of Object.values(index)) expect(span.offset % 512).toBe(0);
    const total = Object.values(index).reduce((sum, span) => sum + span.length, 0);
    expect(tarball.length).toBe(total + 1024);
  });

  it("ignores previous entries whose identity changed or whose span is out of range", async () => {
    const files: ContextFile[] = [{ path: "a.json", content: Buffer.from("1"), mode: 0o644 }];
    const first = await contextTarball(files);
    const span = first.index["a.json"];
    if (!span) throw new Error("no span");
    const broken = { tarball: first.tarball, index: { "a.json": { ...span, offset: first.tarball.length } } };
    const changed = [{ path: "a.json", content: Buffer.from("2"), mode: 0o644 }];
    expect((await contextTarball(files, broken)).tarball.equals(first.tarball)).toBe(true);
    expect(
      (await contextTarball(changed, first)).tarball.equals((await contextTarball(changed)).tarball),
    ).toBe(true);
  });

  it("refuses to split an archive that ends early", async () => {
    const { tarball } = await contextTarball([{ path: "a", content: Buffer.from("x"), mode: 0o644 }]);
    expect(() => splitEntries(tarball.subarray(0, 512), 2)).toThrow(/ends after/);
  });
});
