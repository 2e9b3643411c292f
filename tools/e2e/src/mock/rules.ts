/** Which endpoint rule, if any, answers a chat request (see EndpointRule). Pure. */
import { isRecord } from "@model-setup/manifest";
import type { EndpointRule, RequestMatch } from "./types.js";

function holds(match: RequestMatch, body: Record<string, unknown>): boolean {
  if ("field" in match) return Object.hasOwn(body, match.field) === match.present;
  const messages = Array.isArray(body.messages) ? body.messages : [];
  return messages.some(
    (message) =>
      isRecord(message) &&
      message.role === "assistant" &&
      Array.isArray(message.tool_calls) &&
      message.tool_calls.length > 0 &&
      !Object.hasOwn(message, match.assistantToolCallsWithout),
  );
}

/** The first rule that holds for the request body. */
export function ruleFor(
  rules: readonly EndpointRule[],
  body: Record<string, unknown>,
): EndpointRule | undefined {
  return rules.find((rule) => holds(rule.when, body));
}
