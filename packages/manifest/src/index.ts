export { canonicalJson, sameJson, sortKeysDeep } from "./canonical-json.js";
export { manifestJsonSchema, upstreamRecordJsonSchema } from "./json-schema.js";
export {
  compatOf,
  conflictsBetween,
  describeConflict,
  type EffectConflict,
  type EffectSource,
  type MergedEffects,
  mergedNeedsShaping,
  mergeEffects,
  REMOVE_KEY,
  REQUEST_BODY_KEY,
  SYSTEM_MESSAGE_KEY,
} from "./merge.js";
export {
  OPENCLAW_COMPAT_KEYS,
  OPENCLAW_COMPAT_SOURCE,
  type OpenclawCompat,
  type OpenclawProviderRequest,
  openclawCompatSchema,
  openclawProviderRequestSchema,
} from "./openclaw-compat.js";
export {
  appliesOnRelease,
  type CompatValueKind,
  isReleaseAtLeast,
  NEWEST_OPENCLAW_RELEASE,
  OPENCLAW_RELEASES,
  openclawCompatOf,
  openclawProviderHooksOf,
  REASONING_TAGS_SINCE,
} from "./openclaw-releases.js";
export { candidateOverlapPairs, matchesCanOverlap } from "./overlap.js";
export { checkManifest, checkManifestText, type ParseResult, parseManifestText } from "./parse.js";
export {
  decodeJson,
  formatProblem,
  jsonPointer,
  MAX_JSON_DEPTH,
  type Problem,
  ProblemsError,
  parseWithProblems,
  tooDeep,
  tooDeepMessage,
} from "./problems.js";
export {
  anyModelShardPath,
  buildIndexFiles,
  type IndexShard,
  indexRecordPath,
  indexShardSchema,
  modelIdShardPath,
  type NotAppliedEntry,
  notAppliedEntrySchema,
  packageRefSchema,
  prefixShardPath,
  REGISTRY_FILE,
  REGISTRY_SCHEMA_VERSION,
  type Registry,
  type RegistryEntry,
  recordPath,
  registryEntrySchema,
  registrySchema,
  SETUP_DIR,
  SETUP_INDEX_DIR,
  SETUP_INDEX_INSTALL_ROOT,
  SETUP_INSTALL_ROOT,
  type StagedRecord,
  shardPathsForRoute,
  stageRecord,
} from "./registry.js";
export { REASONING_TAG_NAME, TEXT_TOOL_CALL_FORMATS, type TextToolCallFormat } from "./reply-formats.js";
export { type ReplyShaping, replyShapingSchema } from "./reply-shaping.js";
export {
  type BodyPath,
  bodyLeaves,
  bodyNeedsShapingPlugin,
  bodyValueAt,
  type InsertSystemMessage,
  insertSystemMessageSchema,
  MANAGED_BODY_FIELDS,
  MERGED_BODY_OBJECT,
  type OpenclawRequestBody,
  openclawRequestBodySchema,
} from "./request-body.js";
export {
  bareModelId,
  candidatePrefixes,
  firstFailedPredicate,
  MANAGED_ROUTE,
  matchesRoute,
  normalizeBaseUrl,
  normalizeModelId,
  PREDICATES,
  type Predicate,
  prefixMatches,
  type RouteContext,
  routeContextSchema,
} from "./route.js";
export { type GuardMatch, hookMatchesRoute, type RouteFacts } from "./route-guard.js";
export {
  AGENTS,
  type Agent,
  agentSchema,
  type Effects,
  effectsSchema,
  type Manifest,
  type Match,
  manifestSchema,
  matchSchema,
  needsShapingPlugin,
  type OpenclawPluginRef,
  openclawPluginRefSchema,
} from "./schema.js";
export {
  PLUGIN_INSTALL_ROOT,
  PLUGINS_DIR,
  type SetupRecord,
  type StagedPlugin,
  setupRecordSchema,
  stagedPlugin,
  stagedPluginFolder,
  stagedPluginSchema,
  toSetupRecord,
} from "./setup-record.js";
export { sha256Hex } from "./sha256.js";
export {
  SHAPING_PLUGIN_ID,
  type ShapingConfig,
  shapingConfigSchema,
  shapingPluginManifest,
} from "./shaping.js";
export {
  baseUrl as baseUrlSchema,
  evidenceRef as evidenceRefSchema,
  ID_PATTERN,
  inferenceApi as inferenceApiSchema,
  interventionId as interventionIdSchema,
  modelId as modelIdSchema,
  modelIdPrefix as modelIdPrefixSchema,
  pluginId as pluginIdSchema,
  providerKey as providerKeySchema,
  shellMarkerIn,
  upstreamProvider as upstreamProviderSchema,
} from "./strings.js";
export {
  interventionsTable,
  releaseDifferencesTables,
  replaceMarkedBlock,
  tableInsensitive,
  upstreamGapsTable,
} from "./table.js";
export {
  type IndexRecord,
  indexRecordSchema,
  joinUpstreamRecord,
  overlappingParts,
  splitForUpstream,
  UPSTREAM_EFFECT_KEYS,
  UPSTREAM_GAPS,
  UPSTREAM_MATCH_KEYS,
  type UpstreamGap,
  type UpstreamRecord,
  type UpstreamSplit,
  upstreamGapSchema,
  upstreamRecordSchema,
} from "./upstream.js";
export { decodeUtf8, firstInvalidUtf8, invalidUtf8Message, type Utf8Decode } from "./utf8.js";
export { compareCodePoints, isRecord } from "./values.js";
