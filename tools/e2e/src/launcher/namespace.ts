/**
 * Inside the private network + mount namespace (`unshare -n -m`): bring up loopback, give the run a /tmp of its
 * own and bind files/dirs over their production paths. Mounts made here are invisible outside the namespace and
 * vanish with it; nothing on the machine is edited.
 *
 * Covering a folder with a tmpfs hides everything below it, including, possibly, the run's own scratch folder.
 * So the folder is opened first, and what must stay visible is bound back from the hidden tree through that
 * descriptor (`/proc/<pid>/fd/<n>/<path>`). No helper folder is needed anywhere, whatever lies under what.
 */
import { execFileSync } from "node:child_process";
import {
  closeSync,
  constants,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative } from "node:path";
import type { BindMount } from "../spec.js";

function run(cmd: string, args: string[]): void {
  execFileSync(cmd, args, { stdio: ["ignore", "ignore", "pipe"] });
}

/** `mount` must not canonicalize `/proc/<pid>/fd/<n>/…`: that would resolve it to the covered path itself. */
function mount(args: string[]): void {
  run("mount", ["--no-canonicalize", ...args]);
}

/** Loopback up, plus the mock's address (a /32 on `lo`, reachable only inside this network namespace). */
export function bringUpLoopback(extraAddress: string): void {
  run("ip", ["link", "set", "lo", "up"]);
  if (extraAddress !== "127.0.0.1") run("ip", ["addr", "add", `${extraAddress}/32`, "dev", "lo"]);
}

function isWithin(parent: string, path: string): boolean {
  const rel = relative(parent, path);
  return rel === "" || (!rel.startsWith("..") && !rel.startsWith("/"));
}

/** The paths of `paths` that no other one of them contains (binding a parent brings its children along). */
export function outermostPaths(paths: string[]): string[] {
  const unique = [...new Set(paths)].sort();
  return unique.filter((path) => !unique.some((other) => other !== path && isWithin(other, path)));
}

/**
 * Lays a fresh tmpfs (with `mode`) over `dir` and binds each of `keep` (absolute paths strictly below `dir`)
 * back in place from the tree the tmpfs hides. Symbolic links are recreated rather than bound.
 */
export function coverWithTmpfs(dir: string, keep: string[], mode: number): void {
  const fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    const hidden = `/proc/${process.pid}/fd/${fd}`;
    mount(["-t", "tmpfs", "-o", `mode=${mode.toString(8)}`, "e2e-cover", dir]);
    for (const path of outermostPaths(keep)) {
      const rel = relative(dir, path);
      if (!isWithin(dir, path) || rel === "") throw new Error(`${path} is not below ${dir}`);
      const source = join(hidden, rel);
      const entry = lstatSync(source);
      mkdirSync(dirname(path), { recursive: true });
      if (entry.isSymbolicLink()) {
        symlinkSync(readlinkSync(source), path);
        continue;
      }
      if (entry.isDirectory()) mkdirSync(path);
      else writeFileSync(path, "");
      mount(["--rbind", source, path]);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * OpenClaw keeps its lifecycle coordinator locks in `/tmp/openclaw-state-locks-<uid>` (a fixed path: TMPDIR is
 * not consulted), and other software may write below /tmp too. The run gets an empty /tmp of its own, holding
 * only the host paths it needs (`needed`, e.g. its scratch folder and the repository) at their usual places, so
 * whatever the machine's /tmp holds (another run's locks, leftovers, nothing at all) cannot change the outcome.
 */
export function privateTmp(needed: string[]): void {
  const tmp = realpathSync("/tmp");
  const keep = needed.map((path) => realpathSync(path)).filter((path) => isWithin(tmp, path));
  if (keep.includes(tmp))
    throw new Error(`a path the run needs is ${tmp} itself; it cannot get a private ${tmp}`);
  coverWithTmpfs(tmp, keep, 0o1777);
}

function nearestExistingAncestor(path: string): string {
  let current = path;
  while (!existsSync(current)) current = dirname(current);
  return current;
}

/** Makes `target` exist inside this mount namespace without touching the real filesystem. */
function ensureTarget(target: string, isDirectory: boolean): void {
  if (existsSync(target)) return;
  const ancestor = nearestExistingAncestor(dirname(target));
  const entries = readdirSync(ancestor).map((name) => join(ancestor, name));
  coverWithTmpfs(ancestor, entries, statSync(ancestor).mode & 0o7777);
  mkdirSync(isDirectory ? target : dirname(target), { recursive: true });
  if (!isDirectory) writeFileSync(target, "");
}

export function applyMounts(mounts: BindMount[]): void {
  for (const { source, target, readOnly } of mounts) {
    ensureTarget(target, statSync(source).isDirectory());
    mount(["--bind", source, target]);
    if (readOnly) mount(["-o", "remount,bind,ro", target]);
  }
}
