/** Helpers over the requests the mock recorded (OpenAI chat-completions bodies as OpenClaw sent them). */
import type { RecordedRequest } from "./mock/types.js";
import { isRecord, type JsonRecord } from "./trajectory.js";

/** OpenClaw's default replay policy for openai-completions strips tool-call ids to [A-Za-z0-9] on the wire. */
export function wireId(id: string): string {
  return id.replace(/[^A-Za-z0-9]/g, "");
}

export interface WireToolCall {
  id: string;
  name: string;
  /** Parsed `function.arguments`. */
  args: unknown;
  raw: JsonRecord;
}

export class ChatRequest {
  readonly record: RecordedRequest;
  readonly body: JsonRecord;

  constructor(record: RecordedRequest) {
    this.record = record;
    this.body = isRecord(record.body) ? record.body : {};
  }

  messages(): JsonRecord[] {
    return Array.isArray(this.body.messages) ? this.body.messages.filter(isRecord) : [];
  }

  /** Every assistant `tool_calls` entry across the conversation, in order. */
  assistantToolCalls(): WireToolCall[] {
    return this.messages()
      .filter((m) => m.role === "assistant" && Array.isArray(m.tool_calls))
      .flatMap((m) => (m.tool_calls as unknown[]).filter(isRecord))
      .map((call) => {
        const fn = isRecord(call.function) ? call.function : {};
        let args: unknown = fn.arguments;
        if (typeof args === "string") {
          try {
            args = JSON.parse(args) as unknown;
          } catch {
            // keep the raw string
          }
        }
        return { id: String(call.id), name: String(fn.name), args, raw: call };
      });
  }

  toolMessages(): JsonRecord[] {
    return this.messages().filter((m) => m.role === "tool");
  }

  /** The `tools` offered to the model, keyed by function name. */
  tools(): Map<string, JsonRecord> {
    const tools = Array.isArray(this.body.tools) ? this.body.tools.filter(isRecord) : [];
    return new Map(
      tools.map((t) => {
        const fn = isRecord(t.function) ? t.function : {};
        return [String(fn.name), fn] as const;
      }),
    );
  }

  toolNames(): string[] {
    return [...this.tools().keys()];
  }
}

export function chatRequests(requests: RecordedRequest[]): ChatRequest[] {
  return requests
    .filter((r) => r.method === "POST" && r.url.split("?")[0]?.endsWith("/chat/completions"))
    .map((r) => new ChatRequest(r));
}
