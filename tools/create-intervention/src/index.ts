export { type Given, type Invocation, parseInvocation, specFromFlags, USAGE } from "./args.js";
export { type CreateOptions, type CreateResult, create } from "./create.js";
export { formatJson, tsLiteral } from "./json.js";
export { askSpec, CANCELLED, type PromptIo } from "./prompts.js";
export {
  checkedManifest,
  DEFAULT_BEHAVIOUR,
  manifestFor,
  parseCompat,
  type ScaffoldSpec,
  type Selector,
  splitList,
  validate,
} from "./spec.js";
export { FIRST_VERSION, matchingModels, packageName, SCOPE, scaffoldFiles } from "./templates.js";
export {
  INTERVENTIONS_DIR,
  readWorkspace,
  refusal,
  targetDir,
  type WorkspaceState,
  writePackage,
} from "./workspace.js";
