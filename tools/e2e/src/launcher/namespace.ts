/**
 * Inside the private network + mount namespace (`unshare -n -m`): bring up loopback and bind files/dirs over
 * their production paths. Mounts made here are invisible outside the namespace and vanish with it; nothing on
 * the machine is edited. A missing target directory (e.g. /usr/local/share/nemoclaw) is created on a tmpfs laid
 * over its nearest existing ancestor, whose original entries are bound back in place.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { BindMount } from "../spec.ts";

function run(cmd: string, args: string[]): void {
  execFileSync(cmd, args, { stdio: ["ignore", "ignore", "pipe"] });
}

/** Loopback up, plus the mock's address (a /32 on `lo`, reachable only inside this network namespace). */
export function bringUpLoopback(extraAddress: string): void {
  run("ip", ["link", "set", "lo", "up"]);
  if (extraAddress !== "127.0.0.1") run("ip", ["addr", "add", `${extraAddress}/32`, "dev", "lo"]);
}

function nearestExistingAncestor(path: string): string {
  let current = path;
  while (!existsSync(current)) current = dirname(current);
  return current;
}

/** Makes `target` exist inside this mount namespace without touching the real filesystem. */
function ensureTarget(target: string, isDirectory: boolean, scratch: string): void {
  if (existsSync(target)) return;
  const ancestor = nearestExistingAncestor(dirname(target));
  const lower = join(scratch, `lower-${readdirSync(scratch).length}`);
  mkdirSync(lower, { recursive: true });
  run("mount", ["--bind", ancestor, lower]);
  run("mount", ["-t", "tmpfs", "-o", "mode=0755", "e2e-overlay", ancestor]);
  for (const entry of readdirSync(lower)) {
    const from = join(lower, entry);
    const to = join(ancestor, entry);
    if (statSync(from).isDirectory()) mkdirSync(to);
    else writeFileSync(to, "");
    run("mount", ["--rbind", from, to]);
  }
  mkdirSync(isDirectory ? target : dirname(target), { recursive: true });
  if (!isDirectory) writeFileSync(target, "");
}

export function applyMounts(mounts: BindMount[], scratch: string): void {
  mkdirSync(scratch, { recursive: true });
  for (const mount of mounts) {
    ensureTarget(mount.target, statSync(mount.source).isDirectory(), scratch);
    run("mount", ["--bind", mount.source, mount.target]);
    if (mount.readOnly) run("mount", ["-o", "remount,bind,ro", mount.target]);
  }
}

/**
 * OpenClaw keeps its lifecycle coordinator locks in `/tmp/openclaw-state-locks-<uid>`, a fixed path outside
 * TMPDIR. Each run gets its own empty, private one (a tmpfs owned by this namespace's user), so runs never share
 * it and never trip over one that another user's OpenClaw left behind on the machine.
 */
export function privateStateLocks(scratch: string): void {
  const target = `/tmp/openclaw-state-locks-${process.getuid?.() ?? 0}`;
  ensureTarget(target, true, scratch);
  run("mount", ["-t", "tmpfs", "-o", "mode=0700", "e2e-state-locks", target]);
}
