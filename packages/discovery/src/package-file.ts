import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync } from "node:fs";
import { decodeUtf8, invalidUtf8Message } from "@model-setup/manifest";
import { isInside } from "./paths.js";

/** Largest JSON file of a package the tools read (package.json, the manifest, openclaw.plugin.json). */
export const MAX_JSON_FILE_BYTES = 1024 * 1024;

/** A file read as text, or why not: `missing` when it does not exist, else a message naming the rule it broke. */
export type FileRead = { ok: true; text: string } | { ok: false; missing: boolean; message: string };
export type PackageFileRead = FileRead;

function errorCode(error: unknown): string | undefined {
  return (error as { code?: string }).code;
}

const NOT_REGULAR = "is not a regular file (a folder, FIFO, socket or device): replace it with a plain file";

/** Why opening failed: a socket cannot be opened at all (ENXIO), which is the not-a-file case too. */
function openFailure(file: string, error: unknown): FileRead {
  const code = errorCode(error);
  if (code === "ENOENT") return { ok: false, missing: true, message: "is missing" };
  const special = (() => {
    try {
      return !statSync(file).isFile();
    } catch {
      return false;
    }
  })();
  return { ok: false, missing: false, message: special ? NOT_REGULAR : `cannot be opened (${code})` };
}

/**
 * Reads the open file: `expected` bytes (its size when opened) and whatever it grew by since, up to one byte past
 * `maxBytes` so that a file over the limit is noticed. The buffer is sized from `expected`, not from the limit: a
 * limit-sized buffer (16 MiB for the config generator) zero-filled for every small JSON file was most of a CLI
 * run's time.
 */
function readBytes(fd: number, expected: number, maxBytes: number): Buffer {
  let buffer = Buffer.allocUnsafe(Math.min(expected, maxBytes) + 1);
  let filled = 0;
  for (;;) {
    const count = readSync(fd, buffer, filled, buffer.length - filled, null);
    if (count === 0) break;
    filled += count;
    if (filled < buffer.length) continue;
    if (buffer.length > maxBytes) break;
    // It grew while being read: keep reading, in a larger buffer, until its end or past the limit.
    const larger = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxBytes + 1));
    buffer.copy(larger, 0, 0, filled);
    buffer = larger;
  }
  return buffer.subarray(0, filled);
}

/**
 * The one way the tools read a file they were pointed at, without trusting it: it is opened non-blocking and must
 * be a regular file (a folder, FIFO, socket or device is refused at once, so nothing ever waits on a pipe), of at
 * most `maxBytes`, and valid UTF-8 (a bad byte is refused with its offset rather than read as U+FFFD). A symbolic
 * link is followed unless `noFollow`. Messages name the rule that failed and never quote the content; callers put
 * the file's name in front.
 */
export function readRegularFile(
  file: string,
  maxBytes: number,
  options: { noFollow?: boolean } = {},
): FileRead {
  let fd: number;
  try {
    fd = openSync(
      file,
      constants.O_RDONLY | constants.O_NONBLOCK | (options.noFollow ? constants.O_NOFOLLOW : 0),
    );
  } catch (error) {
    return openFailure(file, error);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { ok: false, missing: false, message: NOT_REGULAR };
    const tooBig = (size: number) => ({
      ok: false as const,
      missing: false,
      message: `is ${size} bytes, over the ${maxBytes}-byte limit`,
    });
    if (stats.size > maxBytes) return tooBig(stats.size);
    const bytes = readBytes(fd, stats.size, maxBytes);
    if (bytes.length > maxBytes) return tooBig(bytes.length);
    const decoded = decodeUtf8(bytes);
    return decoded.ok
      ? { ok: true, text: decoded.text }
      : { ok: false, missing: false, message: invalidUtf8Message(decoded.offset) };
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a small file of a package without trusting it: {@link readRegularFile}'s rules, and it must resolve inside
 * the package (a symlink may point elsewhere in the package, never out of it).
 */
export function readPackageFile(
  packageDir: string,
  file: string,
  maxBytes = MAX_JSON_FILE_BYTES,
): PackageFileRead {
  let real: string;
  try {
    real = realpathSync(file);
  } catch (error) {
    const missing = errorCode(error) === "ENOENT";
    return {
      ok: false,
      missing,
      message: missing ? "is missing" : `cannot be resolved (${errorCode(error)})`,
    };
  }
  const packageReal = realpathSync(packageDir);
  if (!isInside(packageReal, real)) {
    return {
      ok: false,
      missing: false,
      message: `is a link leaving the package: keep the file inside the package`,
    };
  }
  return readRegularFile(real, maxBytes, { noFollow: true });
}
