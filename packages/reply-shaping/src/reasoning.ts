/**
 * Where a reply carries reasoning: thinking blocks, `thinking_*` stream events, and message-level fields some
 * providers add. Used to strip it (a transform that keeps reasoning out of what OpenClaw persists and replays) and
 * to know whether reasoning came before a text.
 */

/** Message-level fields that carry provider reasoning text. */
export const REASONING_MESSAGE_FIELDS: readonly string[] = [
  "reasoning",
  "reasoning_content",
  "reasoningContent",
  "reasoning_details",
  "reasoningDetails",
  "thinking",
];

const REASONING_BLOCK_TYPES: readonly string[] = ["thinking", "redacted_thinking", "reasoning"];

export function isReasoningBlock(block: unknown): boolean {
  if (typeof block !== "object" || block === null) return false;
  const type = (block as { type?: unknown }).type;
  return typeof type === "string" && REASONING_BLOCK_TYPES.includes(type);
}

export function isReasoningEventType(type: string): boolean {
  return type.startsWith("thinking_");
}

export function hasReasoningFields(value: object): boolean {
  for (let i = 0; i < REASONING_MESSAGE_FIELDS.length; i++) {
    if (Object.hasOwn(value, REASONING_MESSAGE_FIELDS[i] as string)) return true;
  }
  return false;
}

/** The value without reasoning fields: the same object when it has none, else a shallow copy. */
export function withoutReasoningFields<T extends object>(value: T): T {
  if (!hasReasoningFields(value)) return value;
  const copy = { ...value } as Record<string, unknown>;
  for (const field of REASONING_MESSAGE_FIELDS) delete copy[field];
  return copy as unknown as T;
}
