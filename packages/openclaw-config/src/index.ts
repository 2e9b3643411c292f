export { BaseConflictError, baseToolSearch, mergeIntoBase } from "./base-merge.js";
export {
  type Explanation,
  explainRoute,
  formatExplanation,
  type InterventionVerdict,
  type ResultingEffect,
  type StagedIntervention,
} from "./explain.js";
export { InputFileError, MAX_INPUT_FILE_BYTES, readBaseConfig } from "./files.js";
export {
  DEFAULT_CONTEXT_WINDOW,
  DEFAULT_INPUTS,
  DEFAULT_MAX_TOKENS,
  EffectConflictError,
  effectSources,
  type GenerateOptions,
  generateConfig,
  mergeOrThrow,
  type OpenclawConfig,
  type OpenclawModelEntry,
  type OpenclawProviderEntry,
  resolveToolSearch,
  STRUCTURED_TOOL_SEARCH,
  type ToolSearch,
  USER_COMPAT_SOURCE,
} from "./generate.js";
export {
  decodeUserCompat,
  type FlagValues,
  INPUTS,
  type InputName,
  type ResolvedInputs,
  resolveInputs,
  UsageError,
} from "./inputs.js";
export {
  assertSetupDir,
  DEFAULT_SETUP_DIRS,
  indexDirOf,
  loadMatchingRecords,
  loadRegistry,
  SetupDirError,
} from "./load.js";
export { type CliIo, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, runCli, USAGE } from "./main.js";
export { NODE_WRITE_OPS, type WriteOps, writeConfigPair } from "./pair-write.js";
