import { compareCodePoints } from "@model-setup/manifest";
import { pack } from "tar-stream";
import { type ContextFile, contextDirs, DIR_MODE } from "./context.js";

/** Fixed for every entry so the archive depends on content only (2000-01-01T00:00:00Z, like many repro builds). */
export const FIXED_MTIME = new Date(Date.UTC(2000, 0, 1));

const COMMON_HEADER = { mtime: FIXED_MTIME, uid: 0, gid: 0, uname: "", gname: "" };

/**
 * A reproducible tar of the context: entries sorted (each directory before its contents), fixed mtime,
 * uid/gid 0 with empty owner names, modes 0755 for directories and the files' own fixed modes.
 */
export async function contextTarball(files: readonly ContextFile[]): Promise<Buffer> {
  const entries: { path: string; file?: ContextFile }[] = [
    ...contextDirs(files).map((dir) => ({ path: `${dir}/` })),
    ...files.map((file) => ({ path: file.path, file })),
  ].sort((a, b) => compareCodePoints(a.path, b.path));
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on("data", (chunk: unknown) => {
    chunks.push(chunk as Buffer);
  });
  const finished = new Promise<void>((resolve, reject) => {
    archive.on("end", resolve);
    archive.on("error", reject);
  });
  for (const { path, file } of entries) {
    if (file) archive.entry({ ...COMMON_HEADER, name: path, type: "file", mode: file.mode }, file.content);
    else archive.entry({ ...COMMON_HEADER, name: path, type: "directory", mode: DIR_MODE });
  }
  archive.finalize();
  await finished;
  return Buffer.concat(chunks);
}
