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
  rmSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Manifest, OpenclawPluginRef } from "@model-setup/manifest";
import { version as esbuildVersion } from "esbuild";
import type { InterventionPackage } from "./discover.js";
import type { LoadedIntervention, LoadedPlugin } from "./load.js";
import { isInside } from "./plugin-tree.js";

/**
 * Content-addressed cache of one package's build result: its validated manifest, its loaded plugins and their
 * bundles. The key hashes everything a fresh validation and bundling reads, so a hit returns exactly what a
 * fresh run would give. Cross-package checks never come from the cache: they run over all manifests every time.
 */

/** Bump when the entry layout changes: older entries then simply miss. */
const ENTRY_FORMAT = 1;
/** Folders of a package that never feed the build (installs, outputs, tests), as turbo's inputs also exclude. */
const SKIPPED_TOP_LEVEL = new Set(["node_modules", "dist", ".turbo", "test"]);

export const DEFAULT_CACHE_DIR = join("node_modules", ".cache", "registry-builder");

export interface CachedIntervention {
  loaded: LoadedIntervention;
  /** Bundle per plugin id. */
  bundles: Map<string, Buffer>;
}

export interface CacheStats {
  hits: number;
  misses: number;
  /** Entries that existed but did not verify (corrupted, truncated, foreign): ignored and rebuilt. */
  rejected: number;
}

interface EntryPlugin {
  ref: OpenclawPluginRef;
  dir: string;
  entryFile: string;
  pluginManifest: Record<string, unknown>;
  bundle: string;
  bundleSha256: string;
}

interface EntryPayload {
  format: number;
  key: string;
  manifest: Manifest;
  plugins: EntryPlugin[];
}

function hashText(text: string | Buffer): string {
  return createHash("sha256").update(text).digest("hex");
}

let toolchainDigest: string | undefined;

/** Builder code + version, manifest contract code, esbuild version: any change invalidates every entry. */
export function toolchainFingerprint(): string {
  if (toolchainDigest) return toolchainDigest;
  const hash = createHash("sha256");
  const here = dirname(fileURLToPath(import.meta.url));
  const builderPackage = readFileSync(join(here, "..", "package.json"), "utf8");
  const { name, version } = JSON.parse(builderPackage) as { name: string; version: string };
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

/**
 * The cache key of a package, or undefined when it cannot be cached safely (a symlink resolving outside the
 * package, an unreadable entry): such packages are always built fresh.
 */
export function packageKey(pkg: InterventionPackage): string | undefined {
  const hash = createHash("sha256");
  let packageRealDir: string;
  try {
    packageRealDir = realpathSync(pkg.dir);
  } catch {
    return undefined;
  }
  hash.update(`${toolchainFingerprint()}\0folder ${basename(pkg.dir)}\0`);
  hash.update(`manifest ${relative(pkg.dir, pkg.manifestFile)}\0`);
  const safe = hashTree(packageRealDir, packageRealDir, hash);
  if (!safe) return undefined;
  for (const name of Object.keys(pkg.dependencies).sort()) hash.update(dependencyFingerprint(pkg.dir, name));
  return hash.digest("hex");
}

/** Adds every entry under `dir` (sorted): relative path, type, mode, size, content or link target. */
function hashTree(root: string, dir: string, hash: ReturnType<typeof createHash>): boolean {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return false;
  }
  for (const name of names) {
    if (name === "node_modules" || (dir === root && SKIPPED_TOP_LEVEL.has(name))) continue;
    const path = join(dir, name);
    const rel = relative(root, path).split(sep).join("/");
    try {
      const stats = lstatSync(path);
      const mode = (stats.mode & 0o7777).toString(8);
      if (stats.isSymbolicLink()) {
        // Links are followed by validation and bundling: only links to hashed content inside the package count.
        const target = realpathSync(path);
        const targetTop = relative(root, target).split(sep);
        if (!isInside(root, target) || targetTop.includes("node_modules")) return false;
        if (SKIPPED_TOP_LEVEL.has(targetTop[0] ?? "")) return false;
        hash.update(`L ${rel} ${mode} ${readlinkSync(path)}\0`);
      } else if (stats.isDirectory()) {
        hash.update(`D ${rel} ${mode}\0`);
        if (!hashTree(root, path, hash)) return false;
      } else if (stats.isFile()) {
        hash.update(`F ${rel} ${mode} ${stats.size}\0`).update(readFileSync(path)).update("\0");
      } else {
        hash.update(`S ${rel} ${mode}\0`);
      }
    } catch {
      return false;
    }
  }
  return true;
}

/** A declared dependency gets bundled in: its resolved install (pnpm store path + package.json) joins the key. */
function dependencyFingerprint(packageDir: string, name: string): string {
  const dir = join(packageDir, "node_modules", name);
  try {
    const real = realpathSync(dir);
    return `dep ${name} ${real} ${hashText(readFileSync(join(real, "package.json")))}\0`;
  } catch {
    return `dep ${name} missing\0`;
  }
}

/** Per-workspace cache folder of entries named by key. All failures to read or write degrade to a miss. */
export class BuildCache {
  readonly stats: CacheStats = { hits: 0, misses: 0, rejected: 0 };

  constructor(readonly dir: string) {}

  private file(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  /** The cached result for `pkg` under `key`, re-anchored to the package's current location. */
  get(pkg: InterventionPackage, key: string): CachedIntervention | undefined {
    const file = this.file(key);
    if (!existsSync(file)) {
      this.stats.misses++;
      return undefined;
    }
    const cached = this.read(file, key, pkg);
    if (cached) this.stats.hits++;
    else {
      this.stats.rejected++;
      this.stats.misses++;
      rmSync(file, { force: true });
    }
    return cached;
  }

  private read(file: string, key: string, pkg: InterventionPackage): CachedIntervention | undefined {
    try {
      const text = readFileSync(file, "utf8");
      const newline = text.indexOf("\n");
      const body = text.slice(newline + 1);
      if (newline !== 64 || text.slice(0, 64) !== hashText(body)) return undefined;
      const payload = JSON.parse(body) as EntryPayload;
      if (payload.format !== ENTRY_FORMAT || payload.key !== key || !Array.isArray(payload.plugins))
        return undefined;
      const packageRealDir = realpathSync(pkg.dir);
      const bundles = new Map<string, Buffer>();
      const plugins: LoadedPlugin[] = [];
      for (const plugin of payload.plugins) {
        const bundle = Buffer.from(plugin.bundle, "base64");
        if (hashText(bundle) !== plugin.bundleSha256) return undefined;
        bundles.set(plugin.ref.id, bundle);
        plugins.push({
          ref: plugin.ref,
          dir: join(packageRealDir, plugin.dir),
          entryFile: join(packageRealDir, plugin.entryFile),
          pluginManifest: plugin.pluginManifest,
        });
      }
      return { loaded: { pkg, manifest: payload.manifest, plugins }, bundles };
    } catch {
      return undefined;
    }
  }

  /** Stores a freshly validated and bundled package; written to a temp file and renamed, so readers never see half. */
  set(key: string, loaded: LoadedIntervention, bundles: ReadonlyMap<string, Buffer>): void {
    try {
      const packageRealDir = realpathSync(loaded.pkg.dir);
      const plugins: EntryPlugin[] = loaded.plugins.map((plugin) => {
        const bundle = bundles.get(plugin.ref.id);
        if (!bundle) throw new Error(`no bundle for ${plugin.ref.id}`);
        return {
          ref: plugin.ref,
          dir: relative(packageRealDir, plugin.dir),
          entryFile: relative(packageRealDir, plugin.entryFile),
          pluginManifest: plugin.pluginManifest,
          bundle: bundle.toString("base64"),
          bundleSha256: hashText(bundle),
        };
      });
      const payload: EntryPayload = { format: ENTRY_FORMAT, key, manifest: loaded.manifest, plugins };
      const body = JSON.stringify(payload);
      const file = this.file(key);
      mkdirSync(dirname(file), { recursive: true });
      const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
      writeFileSync(temp, `${hashText(body)}\n${body}`);
      renameSync(temp, file);
    } catch {
      // A cache that cannot be written only costs speed.
    }
  }
}
