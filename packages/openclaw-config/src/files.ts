import { randomBytes } from "node:crypto";
import { lstat, open, readFile, realpath, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { tooDeep, tooDeepMessage } from "@model-setup/manifest";
import JSON5 from "json5";

/** A file given on the command line is unusable; the CLI treats this as a usage error. */
export class InputFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputFileError";
  }
}

/** Reads an existing openclaw.json to merge into: JSON5, as OpenClaw reads it; it must hold an object. */
export async function readBaseConfig(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new InputFileError(
      `--base ${file} cannot be read (${(error as Error).message}): pass an existing file`,
    );
  }
  let value: unknown;
  try {
    value = JSON5.parse(text);
  } catch (error) {
    throw new InputFileError(
      `--base ${file} is not valid JSON5 (${(error as Error).message}): pass an openclaw.json OpenClaw can read`,
    );
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new InputFileError(`--base ${file} must hold an object (an openclaw.json)`);
  }
  const deep = tooDeep(value);
  if (deep !== undefined) throw new InputFileError(`--base ${file}: ${tooDeepMessage(deep)}`);
  return value as Record<string, unknown>;
}

/** Where writing `file` lands: the file itself, or, for a symbolic link, the file it points to. */
async function writeTarget(file: string): Promise<string> {
  const link = await lstat(file).then(
    (stats) => stats.isSymbolicLink(),
    () => false,
  );
  if (!link) return file;
  try {
    return await realpath(file);
  } catch {
    throw new InputFileError(
      `--out ${file} is a link to a missing file: point it at a file or pass another path`,
    );
  }
}

/**
 * Writes `content` to `file` atomically: a temporary file in the same directory, flushed, then renamed over the
 * target. A reader never sees a partial file; on failure the temporary file is removed and the target untouched.
 * A symbolic link is written through (the file it points to is replaced, the link stays). A new file gets mode
 * 0600 (as upstream writes openclaw.json); an existing file keeps its mode. A target that cannot be written is an
 * {@link InputFileError} naming it.
 */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const file = await writeTarget(path);
  try {
    await replaceFile(file, content);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === undefined) throw error;
    throw new InputFileError(
      `--out ${path} cannot be written (${code}): pass a path in an existing folder you can write`,
    );
  }
}

async function replaceFile(file: string, content: string): Promise<void> {
  const existingMode = await stat(file).then(
    (info) => info.mode & 0o777,
    () => undefined,
  );
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    const handle = await open(temp, "wx", existingMode ?? 0o600);
    try {
      await handle.writeFile(content, "utf8");
      if (existingMode !== undefined) await handle.chmod(existingMode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
