export { buildContext, type ContextOptions } from "./build-context.js";
export type { CaseRoute, E2ECase } from "./case.js";
export { resolveRoute } from "./case.js";
export { assertRunHealthy, inspectedStatus, runProblems } from "./checks.js";
export { DERIVED_SUFFIXES, deriveCases } from "./derived-cases.js";
export {
  type DiscoveredCaseFile,
  type DiscoveredIntervention,
  discoverCaseFiles,
  discoverInterventions,
  matchesFilter,
} from "./discover.js";
export { expectCallRoundTrip, expectReplyUntouched } from "./expect-turn.js";
export {
  buildFixtureContext,
  FIXTURE_ID,
  FIXTURE_MODEL,
  FIXTURE_PLUGIN_ID,
} from "./fixture-intervention.js";
export {
  freeLoopbackPort,
  type GatewayOptions,
  gatewaySection,
  startGateway,
} from "./launcher/gateway.js";
export {
  configApplied,
  configState,
  connectGateway,
  type GatewayRpc,
} from "./launcher/gateway-rpc.js";
export { privateTmp } from "./launcher/namespace.js";
export { makeOpenclawDirs, plainOpenclawEnv } from "./launcher/openclaw-cli.js";
export { type LoadedCase, loadCases, validateCase } from "./load-cases.js";
export { createMockHandler, EXHAUSTED_TEXT, type MockOptions } from "./mock/server.js";
export type {
  EndpointRule,
  MockReasoningField,
  MockReply,
  MockToolCall,
  RecordedRequest,
  RequestMatch,
} from "./mock/types.js";
export { NODE24, OPENCLAW_MJS, REPO_ROOT } from "./paths.js";
export { PLAN_FILE, planCases } from "./plan.js";
export { configuredPluginIds, generateCaseConfig, MOCK_API_KEY } from "./prepare-case.js";
export { prepareRun, type RunOptions } from "./prepare-run.js";
export { executeCase, executeRun, loadRun } from "./run-case.js";
export type { E2ERun } from "./run-result.js";
export type { CaseResult, CommandOutcome, ConfigVerdict, RunSpec, TurnOutcome } from "./spec.js";
export type { TimingReport } from "./timings.js";
export {
  type ContentBlock,
  isRecord,
  type JsonRecord,
  type ToolCallRecord,
  type ToolResultRecord,
  Trajectory,
  type TrajectoryExport,
  type TranscriptMessage,
} from "./trajectory.js";
export { ChatRequest, chatRequests, type WireToolCall, wireId } from "./wire.js";
