export {
  type Given,
  IMPORTED_REMOVE_WHEN,
  type Invocation,
  importAnswers,
  parseInvocation,
  specFromFlags,
  USAGE,
} from "./args.js";
export {
  type Bump,
  type ChangesetRelease,
  changesetProblems,
  changesetText,
  type PackagesByName,
} from "./changeset.js";
export { type CreateOptions, type CreateResult, create } from "./create.js";
export { changesetName, type ImportResult, importUpstream } from "./import.js";
export { formatJson, tsLiteral } from "./json.js";
export { askSpec, CANCELLED, type PromptIo } from "./prompts.js";
export {
  checkedManifest,
  DEFAULT_BEHAVIOUR,
  MANIFEST_SCHEMA_REF,
  manifestFor,
  parseCompat,
  type ScaffoldSpec,
  type Selector,
  splitList,
  validate,
} from "./spec.js";
export {
  FIRST_VERSION,
  importedFiles,
  matchingModels,
  packageName,
  SCOPE,
  scaffoldFiles,
} from "./templates.js";
export {
  type ConvertedManifest,
  convertUpstreamManifest,
  type ImportAnswers,
  type ImportedPlugin,
  type PluginFolder,
} from "./upstream.js";
export {
  INTERVENTIONS_DIR,
  readWorkspace,
  refusal,
  targetDir,
  type WorkspaceState,
  writePackage,
} from "./workspace.js";
