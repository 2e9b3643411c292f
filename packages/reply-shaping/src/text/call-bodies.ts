/**
 * Reading the body of a tool call a model wrote as text. Strict on purpose: a body is a call only when it names a
 * tool the request offered and its arguments are a JSON object (or, in the XML form, plain parameters); anything
 * else stays text, so nothing is invented and nothing the model said is lost.
 */
import type { OfferedTools, Piece } from "../pieces.js";

type Call = Extract<Piece, { type: "toolCall" }>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** An object from a value that is one, or is a JSON string encoding one. */
function objectFrom(value: unknown): Record<string, unknown> | undefined {
  if (isObject(value)) return value;
  if (typeof value !== "string") return undefined;
  const parsed = parseJson(value);
  return isObject(parsed) ? parsed : undefined;
}

/**
 * `{"name": "exec", "arguments": {…}}` (arguments also as a JSON string, or under `parameters`), and no other
 * field: the call shape Hermes-style chat templates teach.
 */
export function jsonCall(text: string, offered: OfferedTools): Call | undefined {
  const value = parseJson(text.trim());
  if (!isObject(value)) return undefined;
  const keys = Object.keys(value);
  const argsKey = keys.includes("arguments") ? "arguments" : "parameters";
  if (keys.length !== 2 || !keys.includes("name") || !keys.includes(argsKey)) return undefined;
  const { name } = value;
  const args = objectFrom(value[argsKey]);
  if (typeof name !== "string" || !offered.has(name) || !args) return undefined;
  return { type: "toolCall", name, arguments: args };
}

/** The JSON Schema type a tool declares for one of its parameters, when it declares one. */
function declaredType(schema: unknown, parameter: string): string | undefined {
  if (!isObject(schema) || !isObject(schema.properties)) return undefined;
  const property = schema.properties[parameter];
  if (!isObject(property)) return undefined;
  const { type } = property;
  if (typeof type === "string") return type;
  // `["string", "null"]` and the like: the first non-null type decides.
  return Array.isArray(type)
    ? type.find((t): t is string => typeof t === "string" && t !== "null")
    : undefined;
}

/** A parameter's text as the value its declared type asks for; undefined when it is not one. */
function typedValue(raw: string, type: string | undefined): unknown {
  if (type === undefined || type === "string") return raw;
  const value = parseJson(raw.trim());
  if (type === "integer") return Number.isInteger(value) ? value : undefined;
  if (type === "number") return typeof value === "number" ? value : undefined;
  if (type === "boolean") return typeof value === "boolean" ? value : undefined;
  if (type === "object") return isObject(value) ? value : undefined;
  if (type === "array") return Array.isArray(value) ? value : undefined;
  if (type === "null") return value === null ? null : undefined;
  return raw;
}

const FUNCTION = /^<function=([A-Za-z_][A-Za-z0-9_.-]{0,127})>([\s\S]*)<\/function>$/;
const PARAMETER = /^<parameter=([A-Za-z_][A-Za-z0-9_.-]{0,127})>([\s\S]*?)<\/parameter>/;

/**
 * `<function=NAME><parameter=KEY>value</parameter>…</function>` (the Qwen3-Coder form): each value is text, one
 * newline either side of it being layout; a parameter whose tool declares a non-string type must hold JSON of that
 * type. Whitespace may separate the elements; anything else between them makes it no call.
 */
export function xmlFunctionCall(text: string, offered: OfferedTools): Call | undefined {
  const whole = FUNCTION.exec(text.trim());
  if (!whole) return undefined;
  const name = whole[1] as string;
  if (!offered.has(name)) return undefined;
  const schema = offered.get(name);
  const args: Record<string, unknown> = {};
  let rest = (whole[2] as string).trim();
  while (rest !== "") {
    const parameter = PARAMETER.exec(rest);
    if (!parameter) return undefined;
    const key = parameter[1] as string;
    const raw = (parameter[2] as string).replace(/^\n/, "").replace(/\n$/, "");
    const value = typedValue(raw, declaredType(schema, key));
    if (value === undefined || Object.hasOwn(args, key)) return undefined;
    // Defined, not assigned: a parameter named __proto__ is data, never the object's prototype.
    Object.defineProperty(args, key, { value, enumerable: true, writable: true, configurable: true });
    rest = rest.slice(parameter[0].length).trim();
  }
  return { type: "toolCall", name, arguments: args };
}
