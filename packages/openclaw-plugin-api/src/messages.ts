/**
 * The llm-core message and stream-event shapes that OpenClaw passes through provider hooks.
 *
 * These mirror `packages/llm-core/src/types.d.ts` of the pinned `openclaw` package exactly (checked in both
 * directions by `test/drift.test-d.ts`): a plugin builds and rewrites these values, so a subset would not do.
 */

/** Provider API families with first-class adapters in OpenClaw. */
export type KnownApi =
  | "openai-completions"
  | "mistral-conversations"
  | "openai-responses"
  | "azure-openai-responses"
  | "openai-chatgpt-responses"
  | "anthropic-messages"
  | "bedrock-converse-stream"
  | "google-generative-ai"
  | "google-vertex";

/** Provider API id; custom providers can use ids outside the built-in set. */
export type Api = KnownApi | (string & {});

export interface TextContent {
  type: "text";
  text: string;
  textSignature?: string;
}

export interface ThinkingContent {
  type: "thinking";
  thinking: string;
  thinkingSignature?: string;
  redacted?: boolean;
}

export interface ToolCall {
  async?: true;
  type: "toolCall";
  id: string;
  name: string;
  /** Typed as an object by OpenClaw; providers have been seen to put a JSON string here, so read it as unknown. */
  arguments: Record<string, unknown>;
  thoughtSignature?: string;
  executionMode?: "sequential" | "parallel";
}

export type AssistantContentBlock = TextContent | ThinkingContent | ToolCall;

export interface Usage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  cacheTelemetry?: { state: "available" | "unavailable" };
  cacheWrite1h?: number;
  contextUsage?: { state: "available"; promptTokens: number; totalTokens: number } | { state: "unavailable" };
  totalTokens: number;
  cost: {
    input: number;
    output: number;
    cacheRead: number;
    cacheWrite: number;
    total: number;
    totalOrigin?: "provider-billed";
  };
}

export type StopReason = "stop" | "length" | "toolUse" | "error" | "aborted";

export interface ProviderReplayState {
  v: 1;
  type: string;
  id?: string;
  data: string;
  replayIndex?: number;
  provider: string;
  api: Api;
  model: string;
  baseUrlHash?: string;
  sessionHash?: string;
  authProfileHash?: string;
}

export interface AssistantMessageDiagnostic {
  type: string;
  timestamp: number;
  error?: { name?: string; message: string; stack?: string; code?: string | number };
  details?: Record<string, unknown>;
}

export interface AssistantDeliveryTtsFacts {
  tagged: true;
  text?: string;
  directives?: Array<{ provider?: string; values: Record<string, string> }>;
}

export interface AssistantMessage {
  role: "assistant";
  content: AssistantContentBlock[];
  openclawDelivery?: {
    audioAsVoice?: true;
    mediaUrls?: string[];
    replyToCurrent?: true;
    replyToId?: string;
    textPhaseRequiresTerminal?: true;
    tts?: AssistantDeliveryTtsFacts;
  };
  api: Api;
  provider: string;
  model: string;
  responseModel?: string;
  responseId?: string;
  providerReplay?: ProviderReplayState;
  turnId?: string;
  diagnostics?: AssistantMessageDiagnostic[];
  usage: Usage;
  stopReason: StopReason;
  endTurn?: boolean;
  errorMessage?: string;
  errorCode?: string;
  errorType?: string;
  errorBody?: string;
  timestamp: number;
}

/**
 * One event of an assistant message stream. `partial` is a snapshot of the message so far; `contentIndex`
 * points into `partial.content`. OpenClaw core re-derives tool arguments from `toolcall_delta` events per
 * `contentIndex`, so a rewriting wrapper must keep events and messages consistent.
 */
export type AssistantMessageEvent =
  | { type: "start"; partial: AssistantMessage }
  | { type: "text_start"; contentIndex: number; partial: AssistantMessage }
  | { type: "text_delta"; contentIndex: number; delta: string; partial?: AssistantMessage }
  | { type: "text_end"; contentIndex: number; content: string; partial: AssistantMessage }
  | { type: "thinking_start"; contentIndex: number; partial: AssistantMessage }
  | { type: "thinking_delta"; contentIndex: number; delta: string; partial: AssistantMessage }
  | { type: "thinking_end"; contentIndex: number; content: string; partial: AssistantMessage }
  | { type: "toolcall_start"; contentIndex: number; partial: AssistantMessage }
  | { type: "toolcall_delta"; contentIndex: number; delta: string; partial: AssistantMessage }
  | { type: "toolcall_end"; contentIndex: number; toolCall: ToolCall; partial: AssistantMessage }
  | { type: "done"; reason: Extract<StopReason, "stop" | "length" | "toolUse">; message: AssistantMessage }
  | { type: "error"; reason: Extract<StopReason, "aborted" | "error">; error: AssistantMessage };

export type AssistantMessageEventType = AssistantMessageEvent["type"];

/** Read-only stream contract: iterate the events, then `result()` gives the final message. */
export interface AssistantMessageEventStreamLike extends AsyncIterable<AssistantMessageEvent> {
  result(): Promise<AssistantMessage>;
}
