export { type AssembleOptions, type AssembleResult, assemble } from "./assemble.js";
export { bundlePlugin } from "./bundle.js";
export {
  BuildCache,
  type CachedIntervention,
  type CacheStats,
  DEFAULT_CACHE_DIR,
  packageKey,
  toolchainFingerprint,
} from "./cache.js";
export {
  type ContextFile,
  contextFiles,
  DIR_MODE,
  dockerfileFragment,
  FILE_MODE,
  sha256,
} from "./context.js";
export { crossCheck } from "./cross-check.js";
export {
  type Discovery,
  discoverWorkspace,
  fromManifests,
  type InterventionPackage,
  METADATA_FIELD,
} from "./discover.js";
export {
  discoverFromLock,
  type FromLockOptions,
  npmPackFetcher,
  type TarballFetcher,
  tarballFiles,
} from "./installed.js";
export {
  DEFAULT_PLUGIN_ENTRY,
  type LoadedIntervention,
  type LoadedPlugin,
  loadIntervention,
} from "./load.js";
export {
  integrityMatches,
  integrityOf,
  type LockEntry,
  type LockKind,
  type LockParse,
  parseLock,
  sriSha512,
} from "./lock.js";
export { inspectPluginTree, MAX_PLUGIN_FILE_BYTES } from "./plugin-tree.js";
export { contextTarball, FIXED_MTIME } from "./tarball.js";
export { type BuildOutput, OUTPUT, writeOutputAtomically } from "./write.js";
