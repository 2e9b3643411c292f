import { closeSync, constants, fstatSync, openSync, readFileSync, realpathSync } from "node:fs";
import { isInside } from "./paths.js";

/** Largest JSON file of a package the tools read (package.json, the manifest, openclaw.plugin.json). */
export const MAX_JSON_FILE_BYTES = 1024 * 1024;

export type PackageFileRead = { ok: true; text: string } | { ok: false; missing: boolean; message: string };

function errorCode(error: unknown): string | undefined {
  return (error as { code?: string }).code;
}

/**
 * Reads a small file of a package without trusting it. It must resolve inside the package (a symlink may point
 * elsewhere in the package, never out of it) and be a regular file of at most `maxBytes`: a folder, FIFO,
 * socket or device is refused after opening it non-blocking, so nothing hangs. Messages name the rule that
 * failed and never quote the content.
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
  let fd: number;
  try {
    fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (error) {
    return { ok: false, missing: false, message: `cannot be opened (${errorCode(error)})` };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      return {
        ok: false,
        missing: false,
        message: "is not a regular file (a folder, FIFO, socket or device): replace it with a plain file",
      };
    }
    if (stats.size > maxBytes) {
      return {
        ok: false,
        missing: false,
        message: `is ${stats.size} bytes, over the ${maxBytes}-byte limit`,
      };
    }
    return { ok: true, text: readFileSync(fd, "utf8") };
  } finally {
    closeSync(fd);
  }
}
