/**
 * The pure core of the shaping plugin: one request body in, the shaped body out. Data only: it deletes
 * top-level fields and puts one system message first, so a JSON body stays JSON.
 */
import type { ShapingConfig } from "@model-setup/manifest";

export type ShapingRules = Pick<ShapingConfig, "remove" | "insertSystemMessage">;

export type ShapeOutcome =
  | { kind: "changed"; body: Record<string, unknown> }
  | { kind: "unchanged" }
  /** Not a body this plugin understands: it must be sent exactly as it came. */
  | { kind: "malformed"; reason: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** Roles that carry the caller's instructions; OpenClaw sends `developer` where a model takes that role. */
const SYSTEM_ROLES = new Set(["system", "developer"]);

/** Function names of the offered tools, lower-cased (`{type: "function", function: {name}}`, or a bare name). */
function offeredToolNames(tools: unknown): string[] {
  if (!Array.isArray(tools)) return [];
  return tools.flatMap((tool) => {
    const name = isObject(tool) ? (isObject(tool.function) ? tool.function.name : tool.name) : undefined;
    return typeof name === "string" ? [name.toLowerCase()] : [];
  });
}

export function shapeRequestBody(payload: unknown, rules: ShapingRules): ShapeOutcome {
  if (!isObject(payload)) return { kind: "malformed", reason: "the request body is not a JSON object" };
  const body: Record<string, unknown> = { ...payload };
  let changed = false;
  for (const field of rules.remove ?? []) {
    if (Object.hasOwn(body, field)) {
      delete body[field];
      changed = true;
    }
  }
  const insert = rules.insertSystemMessage;
  if (insert) {
    const { messages } = body;
    if (!Array.isArray(messages))
      return { kind: "malformed", reason: "the request body has no messages list" };
    // Roles compare without case: a caller sending "SYSTEM" has sent its own instructions all the same.
    const hasSystem = messages.some(
      (message) =>
        isObject(message) && typeof message.role === "string" && SYSTEM_ROLES.has(message.role.toLowerCase()),
    );
    const unless = new Set(insert.unlessToolsOffered.map((name) => name.toLowerCase()));
    const toolOffered = offeredToolNames(body.tools).some((name) => unless.has(name));
    if (!hasSystem && !toolOffered) {
      body.messages = [{ role: "system", content: insert.content }, ...messages];
      changed = true;
    }
  }
  return changed ? { kind: "changed", body } : { kind: "unchanged" };
}
