import { relative, sep } from "node:path";

/** True when `child` is `parent` or lies below it (both absolute and resolved). */
export function isInside(parent: string, child: string): boolean {
  return child === parent || child.startsWith(parent + sep);
}

/** A path as messages show it: relative to `root`, or "." for the root itself. */
export function displayPath(root: string, file: string): string {
  return relative(root, file) || ".";
}
