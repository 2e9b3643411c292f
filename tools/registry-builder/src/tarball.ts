import { pack } from "tar-stream";
import { type ContextFile, contextDirs, DIR_MODE } from "./context.js";

/** Fixed for every entry so the archive depends on content only (2000-01-01T00:00:00Z, like many repro builds). */
export const FIXED_MTIME = new Date(Date.UTC(2000, 0, 1));

/**
 * A reproducible tar of the context: entries sorted (each directory before its contents), fixed mtime,
 * uid/gid 0 with empty owner names, modes 0755 for directories and 0644 (or 0755) for files.
 */
export async function contextTarball(files: readonly ContextFile[]): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on("data", (chunk: unknown) => {
    chunks.push(chunk as Buffer);
  });
  const finished = new Promise<void>((resolve, reject) => {
    archive.on("end", resolve);
    archive.on("error", reject);
  });
  const common = { mtime: FIXED_MTIME, uid: 0, gid: 0, uname: "", gname: "" };
  const entries = [
    ...contextDirs(files).map((dir) => ({ path: `${dir}/`, dir: true as const })),
    ...files.map((file) => ({ path: file.path, dir: false as const, file })),
  ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const entry of entries) {
    if (entry.dir) {
      archive.entry({ ...common, name: entry.path, type: "directory", mode: DIR_MODE });
    } else {
      archive.entry({ ...common, name: entry.path, type: "file", mode: entry.file.mode }, entry.file.content);
    }
  }
  archive.finalize();
  await finished;
  return Buffer.concat(chunks);
}
