import { randomBytes } from "node:crypto";
import { open, readFile, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
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
  return value as Record<string, unknown>;
}

/**
 * Writes `content` to `file` atomically: a temporary file in the same directory, flushed, then renamed over the
 * target. A reader never sees a partial file; on failure the temporary file is removed and the target untouched.
 * A new file gets mode 0600 (as upstream writes openclaw.json); an existing file keeps its mode.
 */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
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
