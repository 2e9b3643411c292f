/** The repository these guard tests read, and the one tree walk they share. */
import { type Dirent, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = fileURLToPath(new URL("../../..", import.meta.url));

/**
 * Paths below `dir`, depth first, in directory order; `pick` says of each entry whether to descend into it, keep
 * its path or skip it. An unreadable folder has nothing below it.
 */
export function pathsBelow(dir: string, pick: (entry: Dirent) => "descend" | "keep" | "skip"): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const choice = pick(entry);
    const path = join(dir, entry.name);
    return choice === "descend" ? pathsBelow(path, pick) : choice === "keep" ? [path] : [];
  });
}
