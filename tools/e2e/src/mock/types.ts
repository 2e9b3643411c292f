/**
 * The data the mock model and the harness exchange: the scripted replies a case gives the mock, and the requests
 * the mock records. Types only, with no imports, so every module can share them without an import cycle.
 */

/** One tool call the mock model emits. */
export interface MockToolCall {
  id: string;
  name: string;
  /** A JSON string is sent verbatim (streamed in two chunks); an object is JSON-encoded first. */
  arguments: string | Record<string, unknown>;
  /** Sent as `extra_content.google.thought_signature` on the tool call (Gemini's OpenAI-compatible shape). */
  thoughtSignature?: string;
}

/** Where a reasoning text travels in the delta/message (`reasoning_content`: Kimi/DeepSeek; `reasoning`: OpenRouter). */
export type MockReasoningField = "reasoning_content" | "reasoning";

/** The mock's answer to one chat-completions request; the n-th request gets the n-th reply. */
export interface MockReply {
  reasoning?: { field: MockReasoningField; text: string };
  content?: string;
  toolCalls?: MockToolCall[];
  /** Defaults to `tool_calls` when there are tool calls, else `stop`. */
  finishReason?: "stop" | "tool_calls" | "length";
}

/**
 * What a request must hold for an endpoint rule to apply: a top-level body field present (or absent), or an
 * assistant message in the history that carries `tool_calls` but lacks a field (DeepSeek's replay check).
 */
export type RequestMatch = { field: string; present: boolean } | { assistantToolCallsWithout: string };

/**
 * A check the imitated endpoint makes on every chat request before it answers from the script, as the real
 * server does: answer with an HTTP error (status and JSON body, word for word as users report them), or never
 * answer at all (the connection stays open until OpenClaw gives up). A request a rule answers takes no reply
 * from the script.
 */
export interface EndpointRule {
  when: RequestMatch;
  answer: { status: number; body: unknown } | "hang";
}

export interface RecordedRequest {
  seq: number;
  at: string;
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, or the raw text when it is not JSON, or null for no body. */
  body: unknown;
  /** How many body bytes arrived (what a correct Content-Length states). */
  bodyBytes: number;
}

/**
 * How the mock answered one request (`replies.jsonl`, one line per request, by the request's `seq`): the script's
 * n-th reply, an endpoint rule's error or silence, the exhausted-script text, or anything else it answers itself
 * (`/models`, a 404, a body that is not JSON).
 */
export type RecordedReply = { seq: number; at: string } & (
  | { source: "script"; index: number; status: 200; reply: MockReply }
  | { source: "rule"; status: number; body: unknown }
  | { source: "hang"; status: null }
  | { source: "exhausted" | "other"; status: number; body: unknown }
);
