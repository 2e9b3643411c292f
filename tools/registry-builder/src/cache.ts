/**
 * The one incremental mechanism the builder keeps: a per-package cache of plugin bundles (esbuild is most of a
 * build's time). An entry is named by a key that hashes every byte a bundle can depend on (the package's files
 * outside the folders bundles may not read, each declared dependency's install, the builder and esbuild
 * versions), so a hit is exactly what bundling afresh would give. Validation always runs; failures to read or
 * write the cache only cost speed.
 */
import { createHash } from "node:crypto";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { type InterventionPackage, isInside } from "@model-setup/discovery";
import { sha256 } from "./hash.js";

export const DEFAULT_CACHE_DIR = join("node_modules", ".cache", "registry-builder");
/** Folders of a package bundles may not read (bundle.ts refuses them), so the key leaves them out. */
export const UNREAD_FOLDERS = new Set(["node_modules", "dist", ".turbo", "test", "e2e", "bench"]);

/** What a workspace dependency holds that no bundle reads: its own installs and turbo's logs. */
const WORKSPACE_UNREAD = new Set(["node_modules", ".turbo"]);

let toolchain: string | undefined;

/** Builder and esbuild versions and the builder's own code: any change invalidates every entry. */
function toolchainFingerprint(): string {
  if (toolchain) return toolchain;
  const hash = createHash("sha256");
  const esbuildPackage = fileURLToPath(import.meta.resolve("esbuild/package.json"));
  hash.update(readFileSync(esbuildPackage));
  const here = fileURLToPath(new URL(".", import.meta.url));
  for (const file of readdirSync(here).sort()) {
    if (/\.(js|ts)$/.test(file) && !file.endsWith(".d.ts"))
      hash.update(file).update(readFileSync(join(here, file)));
  }
  toolchain = hash.digest("hex");
  return toolchain;
}

/**
 * Hashes the tree below `dir` (path, type, mode, content or link target of every entry) into `hash`; false when
 * the package cannot be keyed safely (an unreadable entry, a link leaving the package or into an unread folder).
 */
function hashTree(
  root: string,
  dir: string,
  hash: ReturnType<typeof createHash>,
  skipAtRoot: ReadonlySet<string> = UNREAD_FOLDERS,
): boolean {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return false;
  }
  for (const name of names) {
    if (name === "node_modules" || (dir === root && skipAtRoot.has(name))) continue;
    const path = `${dir}${sep}${name}`;
    const rel = relative(root, path);
    try {
      const stats = lstatSync(path);
      const mode = (stats.mode & 0o7777).toString(8);
      if (stats.isSymbolicLink()) {
        const target = realpathSync(path);
        const top = relative(root, target).split(sep);
        if (!isInside(root, target) || top.includes("node_modules") || UNREAD_FOLDERS.has(top[0] ?? ""))
          return false;
        hash.update(`L ${rel} ${mode} ${readlinkSync(path)}\0`);
      } else if (stats.isDirectory()) {
        hash.update(`D ${rel} ${mode}\0`);
        if (!hashTree(root, path, hash, skipAtRoot)) return false;
      } else if (stats.isFile()) {
        hash.update(`F ${rel} ${mode} ${stats.size}\0`).update(readFileSync(path)).update("\0");
      } else hash.update(`S ${rel} ${mode}\0`);
    } catch {
      return false;
    }
  }
  return true;
}

/** Where `name` resolves from `dir` as Node resolves a package: the nearest node_modules folder holding it. */
function installedDependency(dir: string, name: string): string {
  for (let at = dir; ; at = dirname(at)) {
    const candidate = join(at, "node_modules", name);
    if (existsSync(candidate)) return realpathSync(candidate);
    if (dirname(at) === at) throw new Error(`${name} is not installed for ${dir}`);
  }
}

/** The content key of a package's bundles, or undefined when it cannot be cached safely (then it is bundled afresh). */
export function packageKey(pkg: InterventionPackage): string | undefined {
  let root: string;
  try {
    root = realpathSync.native(pkg.dir);
  } catch {
    return undefined;
  }
  const hash = createHash("sha256").update(
    `${toolchainFingerprint()}\0${relative(root, pkg.manifestFile)}\0`,
  );
  if (!hashTree(root, root, hash)) return undefined;
  // A declared dependency gets bundled in: an installed one by its resolved install (the pnpm store path and
  // package.json, which never change in place), a workspace one (linked, not installed) by every file it holds.
  for (const name of Object.keys(pkg.dependencies).sort()) {
    try {
      const real = installedDependency(pkg.dir, name);
      hash.update(`dep ${name} ${real} ${sha256(readFileSync(join(real, "package.json")))}\0`);
      if (!real.split(sep).includes("node_modules") && !hashTree(real, real, hash, WORKSPACE_UNREAD)) {
        return undefined;
      }
    } catch {
      hash.update(`dep ${name} missing\0`);
    }
  }
  return hash.digest("hex");
}

/** Cache folder of bundles named `<key>.<plugin id>.js`, each next to a `.sha256` of its bytes. */
export class BundleCache {
  readonly stats = { hits: 0, misses: 0 };

  constructor(readonly dir: string) {}

  private file(key: string, pluginId: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.${pluginId}.js`);
  }

  get(key: string, pluginId: string): Buffer | undefined {
    const file = this.file(key, pluginId);
    try {
      const bundle = readFileSync(file);
      if (readFileSync(`${file}.sha256`, "utf8") === sha256(bundle)) {
        this.stats.hits++;
        return bundle;
      }
    } catch {
      // Missing or unreadable: a miss.
    }
    this.stats.misses++;
    return undefined;
  }

  /** Written to temp files and renamed: a reader sees a whole entry or none, and a torn one fails its hash. */
  set(key: string, pluginId: string, bundle: Buffer): void {
    const file = this.file(key, pluginId);
    try {
      mkdirSync(join(this.dir, key.slice(0, 2)), { recursive: true });
      for (const [target, content] of [
        [file, bundle],
        [`${file}.sha256`, sha256(bundle)],
      ] as const) {
        const temp = `${target}.${process.pid}.tmp`;
        writeFileSync(temp, content);
        renameSync(temp, target);
      }
    } catch {
      // A cache that cannot be written only costs speed.
    }
  }
}
