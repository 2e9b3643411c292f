export { type AssembleOptions, type AssembleResult, assemble, type BuildOutput } from "./assemble.js";
export { bundlePlugin } from "./bundle.js";
export { BundleCache, DEFAULT_CACHE_DIR, packageKey } from "./cache.js";
export { type ContextFile, contextFiles, DIR_MODE, dockerfileFragment, FILE_MODE } from "./context.js";
export { crossCheck } from "./cross-check.js";
export { sha256 } from "./hash.js";
export {
  DEFAULT_PLUGIN_ENTRY,
  type LoadedIntervention,
  type LoadedPlugin,
  loadIntervention,
} from "./load.js";
export { runMain } from "./run-main.js";
export { contextTarball, FIXED_MTIME } from "./tarball.js";
export { OUTPUT, writeOutputAtomically } from "./write.js";
