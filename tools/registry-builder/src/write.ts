import { chmod, mkdir, mkdtemp, rename, rm, utimes, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { type ContextFile, contextDirs, DIR_MODE } from "./context.js";
import { FIXED_MTIME } from "./tarball.js";

export interface BuildOutput {
  files: readonly ContextFile[];
  tarball: Buffer;
  tarballSha256: string;
}

/** Layout of an output folder: the context tree, its tarball and the tarball's hash. */
export const OUTPUT = {
  context: "context",
  tarball: "context.tar",
  tarballSha256: "context.tar.sha256",
} as const;

/** Files written at once: thousands of small files are bound by syscall latency, not bandwidth. */
const WRITE_CONCURRENCY = 32;

async function inParallel<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

async function writeTree(root: string, files: readonly ContextFile[]): Promise<void> {
  const dirs = contextDirs(files);
  await mkdir(root, { recursive: true });
  for (const dir of dirs) await mkdir(join(root, dir), { recursive: true });
  await inParallel(files, WRITE_CONCURRENCY, async (file) => {
    const target = join(root, file.path);
    await writeFile(target, file.content, { flag: "wx" });
    // Explicit chmod: the mode given to writeFile is filtered by the umask.
    await chmod(target, file.mode);
    await utimes(target, FIXED_MTIME, FIXED_MTIME);
  });
  for (const dir of [...dirs].reverse()) {
    await chmod(join(root, dir), DIR_MODE);
    await utimes(join(root, dir), FIXED_MTIME, FIXED_MTIME);
  }
  await chmod(root, DIR_MODE);
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
  await mkdir(parent, { recursive: true });
  const staging = await mkdtemp(join(parent, `.${basename(outDir)}.staging-`));
  try {
    await writeTree(join(staging, OUTPUT.context), output.files);
    await writeFile(join(staging, OUTPUT.tarball), output.tarball);
    await writeFile(join(staging, OUTPUT.tarballSha256), `${output.tarballSha256}  ${OUTPUT.tarball}\n`);
    for (const name of [OUTPUT.tarball, OUTPUT.tarballSha256]) await chmod(join(staging, name), 0o644);
    await chmod(staging, DIR_MODE);
    await swapInto(staging, outDir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
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
      // Move the previous output aside and put ours in its place straight away; clean up afterwards.
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
    for (const dir of retired) await rm(dir, { recursive: true, force: true });
  }
}
