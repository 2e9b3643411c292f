/**
 * The vocabulary of the reply-shaping effect that the shaping plugin also needs at run time: the named formats of
 * tool calls written as text, and what a reasoning tag's name may be. Dependency-free on purpose: plugins bundle it
 * (`@model-setup/manifest/reply-formats`).
 */

/**
 * Formats of tool calls a model writes into its answer text instead of the API's tool calls:
 * - `qwen-xml`: `<tool_call>{"name": …, "arguments": {…}}</tool_call>` blocks (Qwen, Hermes-style chat templates),
 *   or the same tags around `<function=NAME><parameter=KEY>value</parameter></function>` (Qwen3-Coder style);
 * - `hermes-json`: a bare JSON object `{"name": …, "arguments": {…}}` standing as the whole answer;
 * - `harmony`: Harmony channel tokens (OpenAI's open-weight response format), `<|channel|>commentary to=functions.NAME … <|message|>{…}<|call|>`.
 */
export const TEXT_TOOL_CALL_FORMATS = ["qwen-xml", "hermes-json", "harmony"] as const;
export type TextToolCallFormat = (typeof TEXT_TOOL_CALL_FORMATS)[number];

/**
 * A reasoning tag's name, such as `think` for `<think>…</think>`: a letter, then letters, digits, `_` or `-`, with
 * an optional namespace the same way (`mm:think`, which MiniMax M3 writes).
 */
export const REASONING_TAG_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,31}(?::[A-Za-z][A-Za-z0-9_-]{0,31})?$/;
