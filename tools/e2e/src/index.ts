export type { CaseRoute, E2ECase } from "./case.ts";
export { resolveRoute } from "./case.ts";
export { assertRunHealthy, inspectedStatus, runProblems } from "./checks.ts";
export { type DiscoveredCaseFile, discoverCaseFiles, matchesFilter } from "./discover.ts";
export { type LoadedCase, loadCases, validateCase } from "./load-cases.ts";
export { createMockHandler, EXHAUSTED_TEXT, type MockOptions } from "./mock/server.ts";
export type { MockReasoningField, MockReply, MockToolCall, RecordedRequest } from "./mock/types.ts";
export {
  configuredPluginIds,
  generateCaseConfig,
  MOCK_API_KEY,
  prepareRun,
  type RunOptions,
} from "./prepare-run.ts";
export { executeCase, loadRun } from "./run-case.ts";
export type { E2ERun } from "./run-result.ts";
export type { CommandOutcome, LaunchResult, LaunchSpec } from "./spec.ts";
export { toolSearchOffCase, toolSearchUntouchedCase } from "./tool-search-cases.ts";
export {
  type ContentBlock,
  isRecord,
  type JsonRecord,
  type ToolCallRecord,
  type ToolResultRecord,
  Trajectory,
  type TrajectoryExport,
  type TranscriptMessage,
} from "./trajectory.ts";
export { ChatRequest, chatRequests, type WireToolCall, wireId } from "./wire.ts";
