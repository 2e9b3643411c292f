import { type ContextFile, contextDirs, DIR_MODE, fileIdentity } from "./context.js";
import { compare } from "./discover.js";

/** Fixed for every entry so the archive depends on content only (2000-01-01T00:00:00Z, like many repro builds). */
export const FIXED_MTIME = new Date(Date.UTC(2000, 0, 1));

const BLOCK = 512;
/** Two zero blocks close every archive tar-stream writes. */
const END_OF_ARCHIVE = Buffer.alloc(2 * BLOCK);

/** Where one entry's bytes (its extension headers, header and padded data) sit in an archive. */
export interface TarEntrySpan {
  /** What the bytes depend on: with fixed times and owners, equal identity means equal bytes. */
  identity: string;
  offset: number;
  length: number;
}

/** Entry path (directories end in "/") → span, for reusing unchanged entries in the next archive. */
export type TarballIndex = Record<string, TarEntrySpan>;

export interface ContextTarball {
  tarball: Buffer;
  index: TarballIndex;
  /** Entries copied from the previous archive instead of encoded. */
  reused: number;
}

/** A previous archive and its index; its entries are copied instead of encoded when their identity holds. */
export interface PreviousTarball {
  tarball: Buffer;
  index: TarballIndex;
}

interface Entry {
  path: string;
  identity: string;
  file?: ContextFile;
}

const COMMON_HEADER = { mtime: FIXED_MTIME, uid: 0, gid: 0, uname: "", gname: "" };

function entriesOf(files: readonly ContextFile[]): Entry[] {
  const entries: Entry[] = [
    ...contextDirs(files).map((dir) => ({ path: `${dir}/`, identity: `dir ${DIR_MODE.toString(8)}` })),
    ...files.map((file) => ({
      path: file.path,
      identity: fileIdentity(file),
      file,
    })),
  ];
  return entries.sort((a, b) => compare(a.path, b.path));
}

/** Encodes entries with tar-stream, in order, and returns each entry's bytes. */
async function encode(entries: readonly Entry[]): Promise<Buffer[]> {
  if (entries.length === 0) return [];
  // Loaded on first use: an archive whose entries all come from the previous one needs no encoder.
  const { pack } = await import("tar-stream");
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on("data", (chunk: unknown) => {
    chunks.push(chunk as Buffer);
  });
  const finished = new Promise<void>((resolve, reject) => {
    archive.on("end", resolve);
    archive.on("error", reject);
  });
  for (const entry of entries) {
    if (entry.file) {
      archive.entry(
        { ...COMMON_HEADER, name: entry.path, type: "file", mode: entry.file.mode },
        entry.file.content,
      );
    } else {
      archive.entry({ ...COMMON_HEADER, name: entry.path, type: "directory", mode: DIR_MODE });
    }
  }
  archive.finalize();
  await finished;
  return splitEntries(Buffer.concat(chunks), entries.length);
}

/**
 * Cuts an archive into its first `count` logical entries. Only the block layout of POSIX tar is read (size field,
 * type flag): extension headers (pax `x`/`g`, GNU `L`/`K`) belong to the entry that follows them.
 */
export function splitEntries(archive: Buffer, count: number): Buffer[] {
  const entries: Buffer[] = [];
  let start = 0;
  let offset = 0;
  while (entries.length < count) {
    if (offset + BLOCK > archive.length) throw new Error(`tar archive ends after ${entries.length} entries`);
    const sizeField = archive.toString("ascii", offset + 124, offset + 136).replace(/\0.*$/s, "");
    const size = Number.parseInt(sizeField.trim() || "0", 8);
    if (!Number.isSafeInteger(size) || size < 0) throw new Error(`bad tar size field at ${offset}`);
    const type = String.fromCharCode(archive[offset + 156] ?? 0);
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if ("xgLK".includes(type)) continue;
    entries.push(archive.subarray(start, offset));
    start = offset;
  }
  return entries;
}

/**
 * A reproducible tar of the context: entries sorted (each directory before its contents), fixed mtime,
 * uid/gid 0 with empty owner names, modes 0755 for directories and 0644 (or 0755) for files.
 * With `previous`, entries whose identity is unchanged are copied from it: the bytes are the same either way.
 */
export async function contextTarball(
  files: readonly ContextFile[],
  previous?: PreviousTarball,
): Promise<ContextTarball> {
  const entries = entriesOf(files);
  const reusable = (entry: Entry): Buffer | undefined => {
    const span = previous?.index[entry.path];
    if (!previous || span?.identity !== entry.identity) return undefined;
    if (span.offset < 0 || span.length <= 0 || span.offset + span.length > previous.tarball.length)
      return undefined;
    return previous.tarball.subarray(span.offset, span.offset + span.length);
  };
  const copied = entries.map(reusable);
  const fresh = await encode(entries.filter((_, i) => copied[i] === undefined));
  const parts: Buffer[] = [];
  const index: TarballIndex = {};
  let offset = 0;
  let next = 0;
  for (const [i, entry] of entries.entries()) {
    const bytes = copied[i] ?? (fresh[next++] as Buffer);
    index[entry.path] = { identity: entry.identity, offset, length: bytes.length };
    parts.push(bytes);
    offset += bytes.length;
  }
  parts.push(END_OF_ARCHIVE);
  return { tarball: Buffer.concat(parts), index, reused: entries.length - fresh.length };
}
