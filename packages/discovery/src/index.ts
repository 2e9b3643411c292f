export {
  type Discovery,
  discoverWorkspace,
  findWorkspaceRoot,
  fromManifests,
  type InterventionPackage,
  METADATA_FIELD,
  metadataSchema,
  NEVER_PACKAGES,
  packageManifestFiles,
  readWorkspacePackages,
  type WorkspacePackage,
  type WorkspacePackages,
} from "./discover.js";
export {
  discoverFromLock,
  type FromLockOptions,
  npmPackFetcher,
  type TarballFetcher,
  tarballFiles,
} from "./installed.js";
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
  type FileRead,
  MAX_JSON_FILE_BYTES,
  type PackageFileRead,
  readPackageFile,
  readRegularFile,
} from "./package-file.js";
export { displayPath, isInside } from "./paths.js";
export {
  inspectPluginTree,
  MAX_PLUGIN_FILE_BYTES,
  SAFE_NAME,
  sizeBreach,
  specialBitsBreach,
} from "./plugin-tree.js";
