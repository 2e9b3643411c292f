import { createHash, type Hash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync, readlinkSync, realpathSync, type Stats } from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { InterventionPackage } from "./discover.js";
import { sha256 } from "./hash.js";
import { isInside } from "./plugin-tree.js";

/**
 * What identifies a package's build inputs. The key hashes every byte validation and bundling read; the
 * signature only their stat data (inode, size, times, mode), so an unchanged package is recognised without
 * reading its files. A signature is trusted only when it is settled: no entry changed shortly before it was
 * taken, since a second change within the file system's timestamp granularity could keep the same stat data
 * (the "racy clean" case git handles the same way).
 */

/** Bump when the cache layout changes: older entries then simply miss. */
export const ENTRY_FORMAT = 1;
/** Folders of a package that never feed the build (installs, outputs, tests), as turbo's inputs also exclude. */
export const SKIPPED_TOP_LEVEL: ReadonlySet<string> = new Set(["node_modules", "dist", ".turbo", "test"]);
/** Entries changed less than this before a signature is taken make it unsettled. */
export const RACY_WINDOW_MS = 2000;

let toolchainDigest: string | undefined;

/** Builder code + version, manifest contract code, esbuild version: any change invalidates every entry. */
export function toolchainFingerprint(): string {
  if (toolchainDigest) return toolchainDigest;
  const hash = createHash("sha256");
  const here = dirname(fileURLToPath(import.meta.url));
  const builderPackage = readFileSync(join(here, "..", "package.json"), "utf8");
  const { name, version } = JSON.parse(builderPackage) as { name: string; version: string };
  const esbuildPackage = fileURLToPath(import.meta.resolve("esbuild/package.json"));
  const esbuildVersion = (JSON.parse(readFileSync(esbuildPackage, "utf8")) as { version: string }).version;
  hash.update(`builder ${name}@${version}\0esbuild ${esbuildVersion}\0format ${ENTRY_FORMAT}\0`);
  const manifestEntry = fileURLToPath(import.meta.resolve("@model-setup/manifest"));
  for (const dir of [here, dirname(manifestEntry)]) {
    for (const file of readdirSync(dir).sort()) {
      if (!/\.(js|ts|json)$/.test(file) || file.endsWith(".d.ts")) continue;
      hash
        .update(`${file}\0`)
        .update(readFileSync(join(dir, file)))
        .update("\0");
    }
  }
  toolchainDigest = hash.digest("hex");
  return toolchainDigest;
}

interface PackageEntry {
  path: string;
  rel: string;
  stats: Stats;
}

/**
 * Every entry of a package that can feed its build, sorted, depth first. False when the package cannot be keyed
 * safely: an unreadable entry, or a symlink resolving outside the package or into a skipped folder.
 */
function walkPackage(root: string, dir: string, entries: PackageEntry[], relDir = ""): boolean {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return false;
  }
  for (const name of names) {
    if (name === "node_modules" || (dir === root && SKIPPED_TOP_LEVEL.has(name))) continue;
    const path = `${dir}${sep}${name}`;
    const rel = relDir === "" ? name : `${relDir}/${name}`;
    try {
      const stats = lstatSync(path);
      if (stats.isSymbolicLink()) {
        // Links are followed by validation and bundling: only links to content inside the package count.
        const target = realpathSync(path);
        const targetTop = relative(root, target).split(sep);
        if (!isInside(root, target) || targetTop.includes("node_modules")) return false;
        if (SKIPPED_TOP_LEVEL.has(targetTop[0] ?? "")) return false;
      }
      entries.push({ path, rel, stats });
      if (stats.isDirectory() && !walkPackage(root, path, entries, rel)) return false;
    } catch {
      return false;
    }
  }
  return true;
}

function startHash(pkg: InterventionPackage): Hash {
  return createHash("sha256")
    .update(`${toolchainFingerprint()}\0folder ${basename(pkg.dir)}\0`)
    .update(`manifest ${relative(pkg.dir, pkg.manifestFile)}\0`);
}

const modeOf = (stats: Stats) => (stats.mode & 0o7777).toString(8);

export interface PackageSignature {
  signature: string;
  /** Nothing in the package changed within RACY_WINDOW_MS before `now`: the signature may stand for the key. */
  settled: boolean;
}

/** One walk of a package; its stat-only signature and its content key are both derived from that walk's entries. */
export interface PackageInputs {
  signature(): PackageSignature;
  key(): string;
}

/** The inputs of a package, or undefined when it cannot be cached safely: such packages are always built fresh. */
export function packageInputs(pkg: InterventionPackage, now = Date.now()): PackageInputs | undefined {
  let root: string;
  try {
    root = realpathSync.native(pkg.dir);
  } catch {
    return undefined;
  }
  const entries: PackageEntry[] = [];
  if (!walkPackage(root, root, entries)) return undefined;
  const dependencies = Object.keys(pkg.dependencies).sort();

  // Inode, size, times and mode of every entry, plus each dependency's resolved install.
  const signature = () => {
    const hash = startHash(pkg).update(`root ${root}\0`);
    let newest = 0;
    const stamp = (stats: Stats) => {
      newest = Math.max(newest, stats.mtimeMs, stats.ctimeMs);
      return `${stats.ino} ${stats.size} ${stats.mtimeMs} ${stats.ctimeMs} ${modeOf(stats)}`;
    };
    for (const { path, rel, stats } of entries) {
      const target = stats.isSymbolicLink() ? ` -> ${readlinkSync(path)}` : "";
      hash.update(`${rel} ${stamp(stats)}${target}\0`);
    }
    for (const name of dependencies) {
      hash.update(dependencyFingerprint(pkg.dir, name, (file) => stamp(lstatSync(file))));
    }
    return { signature: hash.digest("hex"), settled: newest < now - RACY_WINDOW_MS };
  };

  // Every entry's path, type, mode and content or link target, plus each dependency's resolved install.
  const key = () => {
    const content = startHash(pkg);
    for (const { path, rel, stats } of entries) {
      const mode = modeOf(stats);
      if (stats.isSymbolicLink()) content.update(`L ${rel} ${mode} ${readlinkSync(path)}\0`);
      else if (stats.isDirectory()) content.update(`D ${rel} ${mode}\0`);
      else if (stats.isFile())
        content.update(`F ${rel} ${mode} ${stats.size}\0`).update(readFileSync(path)).update("\0");
      else content.update(`S ${rel} ${mode}\0`);
    }
    for (const name of dependencies) {
      content.update(dependencyFingerprint(pkg.dir, name, (file) => sha256(readFileSync(file))));
    }
    return content.digest("hex");
  };
  return { signature, key };
}

/** The content key of a package (see packageInputs), or undefined when it cannot be cached safely. */
export function packageKey(pkg: InterventionPackage): string | undefined {
  return packageInputs(pkg)?.key();
}

/** The stat-only signature of a package, or undefined when it cannot be keyed (see packageKey). */
export function packageSignature(pkg: InterventionPackage, now = Date.now()): PackageSignature | undefined {
  return packageInputs(pkg, now)?.signature();
}

/** A declared dependency gets bundled in: its resolved install (pnpm store path + package.json) joins the key. */
function dependencyFingerprint(packageDir: string, name: string, describe: (file: string) => string): string {
  const dir = join(packageDir, "node_modules", name);
  try {
    const real = realpathSync(dir);
    return `dep ${name} ${real} ${describe(join(real, "package.json"))}\0`;
  } catch {
    return `dep ${name} missing\0`;
  }
}
