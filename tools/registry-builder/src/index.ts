export { type AssembleOptions, type AssembleResult, assemble } from "./assemble.js";
export { bundlePlugin } from "./bundle.js";
export {
  BuildCache,
  type CachedIntervention,
  type CacheStats,
  DEFAULT_CACHE_DIR,
} from "./cache.js";
export {
  type ContextFile,
  contentSha256,
  contextFiles,
  DIR_MODE,
  dockerfileFragment,
  FILE_MODE,
  fileIdentity,
} from "./context.js";
export { crossCheck } from "./cross-check.js";
export {
  type Discovery,
  discoverWorkspace,
  fromManifests,
  type InterventionPackage,
  METADATA_FIELD,
  NEVER_PACKAGES,
  packageManifestFiles,
} from "./discover.js";
export { sha256 } from "./hash.js";
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
export {
  type PackageInputs,
  type PackageSignature,
  packageInputs,
  packageKey,
  packageSignature,
  RACY_WINDOW_MS,
  toolchainFingerprint,
} from "./package-key.js";
export { inspectPluginTree, MAX_PLUGIN_FILE_BYTES } from "./plugin-tree.js";
export {
  type BuildState,
  buildStateFile,
  type PackageState,
  previousTarball,
  readBuildState,
  writeBuildState,
} from "./state.js";
export {
  type ContextTarball,
  contextTarball,
  FIXED_MTIME,
  type PreviousTarball,
  splitEntries,
  type TarballIndex,
  type TarEntrySpan,
} from "./tarball.js";
export {
  type BuildOutput,
  OUTPUT,
  type WriteResult,
  type WrittenContext,
  type WrittenFile,
  writeOutputAtomically,
} from "./write.js";
