import { lstatSync, readdirSync, realpathSync, type Stats } from "node:fs";
import { join, relative, sep } from "node:path";
import { isInside } from "./paths.js";

/** Largest file a plugin source tree may hold; plugins are small, anything bigger is a mistake or an attack. */
export const MAX_PLUGIN_FILE_BYTES = 1024 * 1024;
/** A plain file or folder name: what plugin trees and bundle inputs may be called. */
export const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/** The special bits of an entry, as a phrase after its name, when it has any. */
export function specialBitsBreach(stats: Stats): string | undefined {
  if ((stats.mode & 0o7000) === 0) return undefined;
  return `has setuid/setgid/sticky bits (mode ${(stats.mode & 0o7777).toString(8)}): chmod them away`;
}

/** The size of a file over the plugin-file limit, as a phrase after its name, when it is. */
export function sizeBreach(stats: Stats): string | undefined {
  if (stats.size <= MAX_PLUGIN_FILE_BYTES) return undefined;
  return `is ${stats.size} bytes, over the ${MAX_PLUGIN_FILE_BYTES}-byte limit for plugin files`;
}

/**
 * Checks a plugin source tree before anything reads it: every entry must be a plain file or directory with a
 * plain name, no special bits, no oversized files, and symlinks may only point inside the package.
 * Returns one message per offending entry (path relative to the package).
 */
export function inspectPluginTree(packageRealDir: string, dir: string): string[] {
  const problems: string[] = [];
  // Real folders already walked: a link to a folder is followed once, and a link cycle ends.
  const walked = new Set<string>();
  const visit = (path: string) => {
    const rel = relative(packageRealDir, path) || ".";
    let stats: Stats;
    try {
      stats = lstatSync(path);
    } catch {
      problems.push(`${rel} cannot be read`);
      return;
    }
    const name = path.slice(path.lastIndexOf(sep) + 1);
    if (path !== dir && !SAFE_NAME.test(name)) {
      problems.push(`${rel}: file names may only use letters, digits, '.', '_' and '-': rename it`);
      return;
    }
    if (stats.isSymbolicLink()) {
      let target: string;
      try {
        target = realpathSync(path);
      } catch {
        problems.push(`${rel} is a dangling symlink: remove it`);
        return;
      }
      if (!isInside(packageRealDir, target)) {
        problems.push(
          `${rel} is a symlink leaving the package (to ${target}): copy the file into the package instead`,
        );
      } else if (lstatSync(target).isDirectory() && !walked.has(target)) {
        // What a link to a folder of the package holds is part of the plugin tree too.
        walked.add(target);
        for (const child of readdirSync(target).sort()) visit(join(path, child));
      }
      return;
    }
    const bits = specialBitsBreach(stats);
    if (bits !== undefined) problems.push(`${rel} ${bits}`);
    if (stats.isDirectory()) {
      const real = realpathSync(path);
      if (walked.has(real)) return;
      walked.add(real);
      for (const child of readdirSync(path).sort()) visit(join(path, child));
    } else if (stats.isFile()) {
      const size = sizeBreach(stats);
      if (size !== undefined) problems.push(`${rel} ${size}`);
    } else {
      problems.push(`${rel} is not a regular file or directory (device, fifo or socket): remove it`);
    }
  };
  visit(dir);
  return problems;
}
