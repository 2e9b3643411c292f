/**
 * Typed, read-only views over what OpenClaw recorded for a run: transcript messages (llm-core shapes) and
 * runtime trajectory events (`openclaw-trajectory` schema v1). Pure; the raw export comes from the launcher.
 */
import { isRecord } from "@model-setup/manifest";

export interface TranscriptRow {
  sessionId: string;
  seq: number;
  event: unknown;
}

export interface RuntimeRow extends TranscriptRow {
  runId: string | null;
}

export interface TrajectoryExport {
  database: string;
  transcript: TranscriptRow[];
  runtime: RuntimeRow[];
}

export type JsonRecord = Record<string, unknown>;

export interface TranscriptMessage extends JsonRecord {
  role: string;
}

export interface ContentBlock extends JsonRecord {
  type: string;
}

export interface ToolCallRecord {
  toolCallId: string;
  name: string;
  args: JsonRecord;
}

export interface ToolResultRecord {
  toolCallId: string;
  toolName: string;
  text: string;
  isError: boolean;
  exitCode: number | undefined;
}

export interface RuntimeEvent extends JsonRecord {
  type: string;
  data: JsonRecord;
}

export { isRecord };

/** The text parts of a message's content (a transcript's or the wire's): a string, or its `text` parts joined. */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .filter((b): b is JsonRecord => isRecord(b) && b.type === "text" && typeof b.text === "string")
    .map((b) => String(b.text))
    .join("");
}

export class Trajectory {
  readonly raw: TrajectoryExport;

  constructor(raw: TrajectoryExport) {
    this.raw = raw;
  }

  /** Transcript `message` events in recorded order. */
  messages(): TranscriptMessage[] {
    return this.raw.transcript
      .map((row) => row.event)
      .filter((e): e is JsonRecord => isRecord(e) && e.type === "message" && isRecord(e.message))
      .map((e) => e.message as TranscriptMessage);
  }

  assistantMessages(): TranscriptMessage[] {
    return this.messages().filter((m) => m.role === "assistant");
  }

  /** Every content block of every assistant message, in order. */
  assistantBlocks(): ContentBlock[] {
    return this.assistantMessages().flatMap((m) =>
      Array.isArray(m.content)
        ? m.content.filter((b): b is ContentBlock => isRecord(b) && typeof b.type === "string")
        : [],
    );
  }

  /** Tool calls as persisted in the transcript (assistant `toolCall` content blocks). */
  transcriptToolCalls(): ToolCallRecord[] {
    return this.assistantBlocks()
      .filter((b) => b.type === "toolCall")
      .map((b) => ({
        toolCallId: String(b.id),
        name: String(b.name),
        args: isRecord(b.arguments) ? b.arguments : {},
      }));
  }

  /** Tool results as persisted in the transcript (`toolResult` messages). */
  toolResults(): ToolResultRecord[] {
    return this.messages()
      .filter((m) => m.role === "toolResult")
      .map((m) => {
        const details = isRecord(m.details) ? m.details : {};
        return {
          toolCallId: String(m.toolCallId),
          toolName: String(m.toolName),
          text: contentText(m.content),
          isError: m.isError === true,
          exitCode: typeof details.exitCode === "number" ? details.exitCode : undefined,
        };
      });
  }

  toolResult(toolCallId: string): ToolResultRecord {
    const found = this.toolResults().filter((r) => r.toolCallId === toolCallId);
    if (found.length !== 1) {
      const ids = this.toolResults().map((r) => r.toolCallId);
      throw new Error(
        `expected exactly one tool result for ${toolCallId}, found ${found.length} (have: ${ids.join(", ")})`,
      );
    }
    return found[0] as ToolResultRecord;
  }

  runtimeEvents(type?: string): RuntimeEvent[] {
    return this.raw.runtime
      .map((row) => row.event)
      .filter((e): e is RuntimeEvent => isRecord(e) && typeof e.type === "string")
      .map((e) => ({ ...e, data: isRecord(e.data) ? e.data : {} }))
      .filter((e) => type === undefined || e.type === type);
  }

  /**
   * The calls OpenClaw actually executed: runtime `tool.call` events (id, name and the args it ran with). OpenClaw
   * 2026.7 records no tool events in its trajectory; there, the persisted calls that got a tool result stand in
   * (their args as persisted, which a wrapper that rewrites only the final message would get wrong unnoticed; the
   * tool results' output still shows what ran).
   */
  executedToolCalls(): ToolCallRecord[] {
    const events = this.runtimeEvents("tool.call");
    if (events.length > 0) {
      return events.map((e) => ({
        toolCallId: String(e.data.toolCallId),
        name: String(e.data.name),
        args: isRecord(e.data.args) ? e.data.args : {},
      }));
    }
    const answered = new Set(this.toolResults().map((result) => result.toolCallId));
    return this.transcriptToolCalls().filter((call) => answered.has(call.toolCallId));
  }

  /** Runtime `tool.result` events (completion order; tools may run in parallel). */
  executedToolResults(): { toolCallId: string; name: string; success: boolean; result: unknown }[] {
    return this.runtimeEvents("tool.result").map((e) => ({
      toolCallId: String(e.data.toolCallId),
      name: String(e.data.name),
      success: e.data.success === true,
      result: e.data.result,
    }));
  }

  /** Reasoning that reached the persisted transcript: thinking blocks or reasoning-ish keys on assistant messages. */
  persistedReasoning(): unknown[] {
    const blocks = this.assistantBlocks().filter(
      (b) => b.type === "thinking" || b.type === "redacted_thinking",
    );
    const fields = this.assistantMessages().flatMap((m) =>
      ["reasoning", "reasoning_content", "reasoningContent", "thinking"]
        .filter((k) => k in m)
        .map((k) => ({ [k]: m[k] })),
    );
    return [...blocks, ...fields];
  }
}
