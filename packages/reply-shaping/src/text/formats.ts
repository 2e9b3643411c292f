/**
 * The named formats of tool calls written as text (`openclawReplyShaping.textToolCalls`), each a text shaper.
 */
import type { TextToolCallFormat } from "@model-setup/manifest/reply-formats";
import type { TextShaperFactory } from "../pieces.js";
import { jsonCall, xmlFunctionCall } from "./call-bodies.js";
import { harmony } from "./harmony.js";
import { hermesJson } from "./hermes-json.js";
import { taggedCalls } from "./tagged-calls.js";

/** `<tool_call>` blocks holding a JSON call or a Qwen3-Coder `<function=…>` call. */
const qwenXml = taggedCalls({
  open: "<tool_call>",
  close: "</tool_call>",
  parse: (body, offered) => jsonCall(body, offered) ?? xmlFunctionCall(body, offered),
});

const SHAPERS: Record<TextToolCallFormat, TextShaperFactory> = {
  "qwen-xml": qwenXml,
  "hermes-json": hermesJson,
  harmony,
};

export function textToolCalls(format: TextToolCallFormat): TextShaperFactory {
  return SHAPERS[format];
}
