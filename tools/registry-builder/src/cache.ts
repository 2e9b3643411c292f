import { existsSync, realpathSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import type { Manifest, OpenclawPluginRef } from "@model-setup/manifest";
import type { InterventionPackage } from "./discover.js";
import { sha256 } from "./hash.js";
import type { LoadedIntervention, LoadedPlugin } from "./load.js";
import { ENTRY_FORMAT } from "./package-key.js";
import { readSealedJson, writeSealedJson } from "./sealed-file.js";

/**
 * Content-addressed cache of one package's build result: its validated manifest, its loaded plugins and their
 * bundles. The key hashes everything a fresh validation and bundling reads, so a hit returns exactly what a
 * fresh run would give. Cross-package checks never come from the cache: they run over all manifests every time.
 */

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

/** Per-workspace cache folder of entries named by key. All failures to read or write degrade to a miss. */
export class BuildCache {
  readonly stats: CacheStats = { hits: 0, misses: 0, rejected: 0 };

  constructor(readonly dir: string) {}

  private file(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  /** Counts a package the caller took from the previous build's state instead of an entry. */
  recordHit(): void {
    this.stats.hits++;
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
      const payload = readSealedJson(file) as EntryPayload | undefined;
      if (
        !payload ||
        payload.format !== ENTRY_FORMAT ||
        payload.key !== key ||
        !Array.isArray(payload.plugins)
      )
        return undefined;
      const packageRealDir = realpathSync.native(pkg.dir);
      const bundles = new Map<string, Buffer>();
      const plugins: LoadedPlugin[] = [];
      for (const plugin of payload.plugins) {
        const bundle = Buffer.from(plugin.bundle, "base64");
        if (sha256(bundle) !== plugin.bundleSha256) return undefined;
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
      const packageRealDir = realpathSync.native(loaded.pkg.dir);
      const plugins: EntryPlugin[] = loaded.plugins.map((plugin) => {
        const bundle = bundles.get(plugin.ref.id);
        if (!bundle) throw new Error(`no bundle for ${plugin.ref.id}`);
        return {
          ref: plugin.ref,
          dir: relative(packageRealDir, plugin.dir),
          entryFile: relative(packageRealDir, plugin.entryFile),
          pluginManifest: plugin.pluginManifest,
          bundle: bundle.toString("base64"),
          bundleSha256: sha256(bundle),
        };
      });
      const payload: EntryPayload = { format: ENTRY_FORMAT, key, manifest: loaded.manifest, plugins };
      writeSealedJson(this.file(key), payload);
    } catch {
      // A cache that cannot be written only costs speed.
    }
  }
}
