import { type Dirent, lstatSync, readdirSync, readFileSync, rmSync, type Stats } from "node:fs";
import { chmod, mkdir, mkdtemp, open, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { BuildOutput } from "./assemble.js";
import { type ContextFile, contextDirs, DIR_MODE } from "./context.js";
import { FIXED_MTIME } from "./tarball.js";

/** Layout of an output folder: the context tree, its tarball, the tarball's hash and the builder's marker. */
export const OUTPUT = {
  context: "context",
  tarball: "context.tar",
  tarballSha256: "context.tar.sha256",
  marker: "registry-builder-output.txt",
} as const;

const MARKER_TEXT =
  "Written by @model-setup/registry-builder. The next build into this folder replaces all of it.\n";

/** The output folder cannot be written (permissions, a missing or read-only parent, a full disk). */
export class OutputWriteError extends Error {
  constructor(outDir: string, error: Error) {
    super(
      `cannot write --out ${outDir} (${error.message}): pass a folder you can write; the previous output, if any, is untouched`,
    );
    this.name = "OutputWriteError";
  }
}

/** --out names something a build must not replace; nothing was written or deleted. */
export class OutputRefusedError extends Error {
  constructor(outDir: string, why: string) {
    super(
      `--out ${outDir} ${why}; a build replaces its output folder whole, so it only replaces a folder an earlier ` +
        "build wrote (or an empty one). Pass a new or empty folder; nothing was written or deleted",
    );
    this.name = "OutputRefusedError";
  }
}

const SHA256_LINE = new RegExp(`^[0-9a-f]{64}  ${OUTPUT.tarball.replace(".", "\\.")}\n$`);

function readSmallFile(path: string): string | undefined {
  const stats = lstatSync(path);
  return stats.isFile() && stats.size <= 4096 ? readFileSync(path, "utf8") : undefined;
}

/**
 * A build may replace `outDir` only when it is missing, an empty folder, or a build's output: the marker and
 * nothing but output entries, or, as builds wrote it before the marker existed, exactly the context folder, the
 * tarball and its hash file. Anything else is someone's data (a workspace, a package, a home folder, a file).
 */
export function assertReplaceableOutput(outDir: string): void {
  let stats: Stats;
  try {
    stats = lstatSync(outDir);
  } catch (error) {
    if (isCode(error, "ENOENT")) return;
    if (isCode(error, "ENOTDIR"))
      throw new OutputRefusedError(outDir, "lies below something that is not a folder");
    throw error;
  }
  if (stats.isSymbolicLink()) throw new OutputRefusedError(outDir, "is a symbolic link");
  if (!stats.isDirectory()) throw new OutputRefusedError(outDir, "is not a folder");
  let entries: Dirent[];
  try {
    entries = readdirSync(outDir, { withFileTypes: true });
  } catch (error) {
    throw new OutputRefusedError(outDir, `cannot be listed (${(error as { code?: string }).code})`);
  }
  if (entries.length === 0) return;
  const folders = new Set<string>([OUTPUT.context]);
  const files = new Set<string>([OUTPUT.tarball, OUTPUT.tarballSha256, OUTPUT.marker]);
  const foreign = entries
    .filter((e) => !(folders.has(e.name) ? e.isDirectory() : files.has(e.name) && e.isFile()))
    .map((e) => e.name)
    .sort();
  if (foreign.length > 0) {
    const shown = foreign.slice(0, 5).map((name) => JSON.stringify(name));
    const more = foreign.length > 5 ? ` and ${foreign.length - 5} more` : "";
    throw new OutputRefusedError(outDir, `holds ${shown.join(", ")}${more}, which no build writes`);
  }
  const names = new Set(entries.map((e) => e.name));
  if (names.has(OUTPUT.marker)) {
    if (readSmallFile(join(outDir, OUTPUT.marker)) === MARKER_TEXT) return;
    throw new OutputRefusedError(outDir, `has a ${OUTPUT.marker} that no build wrote`);
  }
  const earlierLayout =
    names.size === 3 && SHA256_LINE.test(readSmallFile(join(outDir, OUTPUT.tarballSha256)) ?? "");
  if (!earlierLayout) throw new OutputRefusedError(outDir, `is not a build output (no ${OUTPUT.marker})`);
}

/** Files written at once: thousands of small files are bound by syscall latency, not bandwidth. */
const WRITE_BATCH = 32;

async function writeTree(root: string, files: readonly ContextFile[]): Promise<void> {
  const dirs = contextDirs(files);
  await mkdir(root);
  for (const dir of dirs) await mkdir(join(root, dir));
  for (let start = 0; start < files.length; start += WRITE_BATCH) {
    await Promise.all(
      files.slice(start, start + WRITE_BATCH).map((file) => writeFresh(join(root, file.path), file)),
    );
  }
  for (const dir of [...dirs].reverse()) {
    await chmod(join(root, dir), DIR_MODE);
    await utimes(join(root, dir), FIXED_MTIME, FIXED_MTIME);
  }
  await chmod(root, DIR_MODE);
}

async function writeFresh(target: string, file: ContextFile): Promise<void> {
  const handle = await open(target, "wx");
  try {
    await handle.writeFile(file.content);
    // Explicit chmod: the mode given at creation is filtered by the umask.
    await handle.chmod(file.mode);
    await handle.utimes(FIXED_MTIME, FIXED_MTIME);
  } finally {
    await handle.close();
  }
}

function isCode(error: unknown, ...codes: string[]): boolean {
  return (
    typeof error === "object" && error !== null && codes.includes((error as { code?: string }).code ?? "")
  );
}

/**
 * Writes the whole output into a temporary sibling folder, then swaps it in with renames. Readers see the old
 * output or the new one, never a mix; a failure leaves the old output untouched. Concurrent builds: last wins.
 */
export async function writeOutputAtomically(outDir: string, output: BuildOutput): Promise<void> {
  const parent = dirname(outDir);
  let staging: string;
  try {
    await makeFolder(parent);
    staging = await mkdtemp(join(parent, `.${basename(outDir)}.staging-`));
  } catch (error) {
    throw isCode(error, "EACCES", "EPERM", "EROFS", "ENOTDIR", "ENOENT", "ENOSPC", "EEXIST")
      ? new OutputWriteError(outDir, error as Error)
      : error;
  }
  try {
    await writeTree(join(staging, OUTPUT.context), output.files);
    await writeFile(join(staging, OUTPUT.tarball), output.tarball);
    await writeFile(join(staging, OUTPUT.tarballSha256), `${output.tarballSha256}  ${OUTPUT.tarball}\n`);
    await writeFile(join(staging, OUTPUT.marker), MARKER_TEXT);
    for (const name of [OUTPUT.tarball, OUTPUT.tarballSha256, OUTPUT.marker])
      await chmod(join(staging, name), 0o644);
    await chmod(staging, DIR_MODE);
    await swapInto(staging, outDir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw isCode(error, "EACCES", "EPERM", "EROFS", "ENOSPC", "EDQUOT")
      ? new OutputWriteError(outDir, error as Error)
      : error;
  }
}

/**
 * Makes `dir` and its missing ancestors one level at a time. Not `mkdir -p`: Node's recursive mkdir spins forever
 * below /proc, where creating a folder fails with ENOENT under an existing parent.
 */
async function makeFolder(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let current = dir; ; current = dirname(current)) {
    try {
      await stat(current);
      break;
    } catch (error) {
      if (!isCode(error, "ENOENT") || dirname(current) === current) throw error;
      missing.push(current);
    }
  }
  for (const folder of missing.reverse()) {
    try {
      await mkdir(folder);
    } catch (error) {
      if (!isCode(error, "EEXIST")) throw error;
    }
  }
}

async function swapInto(staging: string, outDir: string): Promise<void> {
  const retired: string[] = [];
  try {
    for (let attempt = 0; attempt < 50; attempt++) {
      try {
        await rename(staging, outDir);
        return;
      } catch (error) {
        if (!isCode(error, "ENOTEMPTY", "EEXIST", "EISDIR", "ENOTDIR")) throw error;
      }
      // Move the previous output aside and put ours in its place straight away; clean up afterwards. Checked
      // each time: what stands there now may not be the output checked before the build.
      assertReplaceableOutput(outDir);
      const aside = `${staging}.retired-${attempt}`;
      try {
        await rename(outDir, aside);
        retired.push(aside);
      } catch (error) {
        if (!isCode(error, "ENOENT")) throw error;
      }
    }
    throw new Error(`could not replace ${outDir}: another build keeps replacing it`);
  } finally {
    // Synchronous: thousands of unlinks finish faster without a thread-pool round trip each.
    for (const dir of retired) rmSync(dir, { recursive: true, force: true });
  }
}
