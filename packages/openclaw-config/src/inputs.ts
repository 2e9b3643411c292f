import {
  decodeUtf8,
  formatProblem,
  inferenceApiSchema,
  modelIdSchema,
  type OpenclawCompat,
  openclawCompatSchema,
  parseWithProblems,
  providerKeySchema,
  type RouteContext,
  tooDeep,
  tooDeepMessage,
  upstreamProviderSchema,
} from "@model-setup/manifest";
import type { z } from "zod";
import type { GenerateOptions } from "./generate.js";

/** Bad flags or environment: the CLI exits 2 and says which variable or flag to fix. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** One input, settable by a flag or an environment variable (the flag wins). */
export interface InputSpec {
  flag: string;
  env: string;
  /** An older variable read only when `env` is unset (upstream keeps it for compatibility). */
  fallbackEnv?: string;
}

export const INPUTS = {
  model: { flag: "--model", env: "NEMOCLAW_MODEL" },
  providerKey: {
    flag: "--provider-key",
    env: "NEMOCLAW_INFERENCE_PROVIDER_ID",
    fallbackEnv: "NEMOCLAW_PROVIDER_KEY",
  },
  primaryModelRef: { flag: "--primary-model-ref", env: "NEMOCLAW_PRIMARY_MODEL_REF" },
  baseUrl: { flag: "--base-url", env: "NEMOCLAW_INFERENCE_BASE_URL" },
  upstreamProvider: { flag: "--upstream-provider", env: "NEMOCLAW_UPSTREAM_PROVIDER" },
  api: { flag: "--api", env: "NEMOCLAW_INFERENCE_API" },
  compatB64: { flag: "--compat-b64", env: "NEMOCLAW_INFERENCE_COMPAT_B64" },
  inputs: { flag: "--inputs", env: "NEMOCLAW_INFERENCE_INPUTS" },
  contextWindow: { flag: "--context-window", env: "NEMOCLAW_CONTEXT_WINDOW" },
  maxTokens: { flag: "--max-tokens", env: "NEMOCLAW_MAX_TOKENS" },
  reasoning: { flag: "--reasoning", env: "NEMOCLAW_REASONING" },
  reasoningEffort: { flag: "--reasoning-effort", env: "NEMOCLAW_REASONING_EFFORT" },
  toolDisclosure: { flag: "--tool-disclosure", env: "NEMOCLAW_TOOL_DISCLOSURE" },
  setupDir: { flag: "--setup-dir", env: "NEMOCLAW_MODEL_SPECIFIC_SETUP_DIR" },
  apiKey: { flag: "--api-key", env: "NEMOCLAW_API_KEY" },
} as const satisfies Record<string, InputSpec>;

export type InputName = keyof typeof INPUTS;

/** Flag values as parsed by node:util parseArgs, keyed by the flag name without dashes. */
export type FlagValues = Readonly<Record<string, string | boolean | undefined>>;

export interface ResolvedInputs {
  route: RouteContext;
  /** Undefined when neither the flag nor the variable names one: the caller looks in the default places. */
  setupDir: string | undefined;
  options: GenerateOptions;
}

function describe(spec: InputSpec): string {
  return spec.fallbackEnv
    ? `${spec.env} (or ${spec.fallbackEnv}, or ${spec.flag})`
    : `${spec.env} (or ${spec.flag})`;
}

/** How much of a bad value an error message quotes: enough to recognise it, never a whole pasted secret or file. */
export const SHOWN_CHARS = 80;

/** A value quoted for an error message: whole when short, else its first SHOWN_CHARS characters and its length. */
export function shown(value: string): string {
  if (value.length <= SHOWN_CHARS) return JSON.stringify(value);
  return `${JSON.stringify(value.slice(0, SHOWN_CHARS))}… (${value.length} characters in all)`;
}

const unset = (value: string | undefined) => value === undefined || value.trim() === "";

/**
 * A raw value: the flag if given, else the environment (the fallback variable only when the first is unset).
 * Empty strings count as unset, as upstream does.
 */
export function rawInput(name: InputName, flags: FlagValues, env: NodeJS.ProcessEnv): string | undefined {
  const spec: InputSpec = INPUTS[name];
  const fromFlag = flags[spec.flag.slice(2)];
  const candidates = [
    typeof fromFlag === "string" ? fromFlag : undefined,
    env[spec.env],
    spec.fallbackEnv === undefined ? undefined : env[spec.fallbackEnv],
  ];
  return candidates.find((value) => !unset(value));
}

function required(name: InputName, flags: FlagValues, env: NodeJS.ProcessEnv, example: string): string {
  const value = rawInput(name, flags, env);
  if (value === undefined) {
    throw new UsageError(
      `${describe(INPUTS[name])} is required: set it, e.g. ${INPUTS[name].env}=${example}`,
    );
  }
  return value.trim();
}

export function parsePositiveInt(name: InputName, raw: string): number {
  const value = raw.trim();
  const parsed = Number(value);
  if (!/^[1-9][0-9]*$/.test(value) || !Number.isSafeInteger(parsed)) {
    throw new UsageError(
      `${describe(INPUTS[name])} must be a positive integer such as 131072, got ${shown(raw)}: use digits only`,
    );
  }
  return parsed;
}

export function parseBoolean(name: InputName, raw: string): boolean {
  const value = raw.trim().toLowerCase();
  if (value === "true") return true;
  if (value === "false") return false;
  throw new UsageError(`${describe(INPUTS[name])} must be true or false, got ${shown(raw)}`);
}

/** `direct` (Tool Search off) or `search` (the default), case-insensitive. */
export function parseToolDisclosure(raw: string): boolean {
  const value = raw.trim().toLowerCase();
  if (value === "direct") return true;
  if (value === "search") return false;
  throw new UsageError(
    `${describe(INPUTS.toolDisclosure)} must be direct (Tool Search off) or search (the default), got ${shown(raw)}`,
  );
}

/** The `reasoning_effort` values chat-completions endpoints take. */
export const REASONING_EFFORTS = ["none", "minimal", "low", "medium", "high", "xhigh"] as const;

export function parseReasoningEffort(raw: string): string {
  const value = raw.trim().toLowerCase();
  if ((REASONING_EFFORTS as readonly string[]).includes(value)) return value;
  throw new UsageError(
    `${describe(INPUTS.reasoningEffort)} must be one of ${REASONING_EFFORTS.join(", ")}, got ${shown(raw)}`,
  );
}

export function parseInputs(raw: string): string[] {
  const items = raw
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
  const bad = items.find((item) => !/^[a-z][a-z0-9_-]*$/.test(item));
  if (bad !== undefined) {
    throw new UsageError(
      `${describe(INPUTS.inputs)} must be a comma-separated list of input kinds such as text,image; ${shown(bad)} is not one`,
    );
  }
  return items.length > 0 ? [...new Set(items)] : ["text"];
}

export function parseBaseUrl(raw: string): string {
  const value = raw.trim();
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw new UsageError(
      `${describe(INPUTS.baseUrl)} must be an http(s) URL such as https://inference.local/v1, got ${shown(raw)}`,
    );
  }
  return value;
}

/**
 * Decodes the user's compat object (base64 of a JSON object, as upstream's NEMOCLAW_INFERENCE_COMPAT_B64) and
 * validates it against the keys the pinned OpenClaw accepts. `null` means no compat, like upstream.
 */
export function decodeUserCompat(raw: string): OpenclawCompat {
  const spec = describe(INPUTS.compatB64);
  const text = raw.trim();
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
    throw new UsageError(
      `${spec} is not valid base64: encode the JSON object, e.g. $(printf '%s' '{"supportsStore":false}' | base64 -w0)`,
    );
  }
  // Strict UTF-8: Node's decoding would quietly turn a bad byte into U+FFFD, a value nobody wrote.
  const decoded = decodeUtf8(Buffer.from(text, "base64"));
  if (!decoded.ok) {
    throw new UsageError(
      `${spec} decodes to bytes that are not valid UTF-8 (the first bad byte is at offset ${decoded.offset} of the decoded JSON): encode UTF-8 JSON`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(decoded.text);
  } catch (error) {
    throw new UsageError(
      `${spec} does not decode to JSON (${(error as Error).message}): encode a JSON object`,
    );
  }
  if (value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new UsageError(
      `${spec} must decode to a JSON object of compat settings, got ${Array.isArray(value) ? "an array" : typeof value}`,
    );
  }
  const deep = tooDeep(value);
  if (deep !== undefined) throw new UsageError(`${spec}: ${tooDeepMessage(deep)}`);
  const result = parseWithProblems(openclawCompatSchema, value, INPUTS.compatB64.env);
  if (!result.ok) {
    const problems = result.problems.map(formatProblem);
    throw new UsageError(
      `${spec} holds compat OpenClaw would refuse:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  }
  return result.data;
}

/** A route value held to the same rule as the manifest field it is matched against. */
function checked(name: InputName, schema: z.ZodType<string>, value: string): string {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const reason = result.error.issues[0]?.message ?? "is not valid";
  throw new UsageError(`${describe(INPUTS[name])} ${reason}, got ${shown(value)}`);
}

/** The route an explanation or generation is for (the matching inputs; the upstream provider is optional). */
export function resolveRoute(flags: FlagValues, env: NodeJS.ProcessEnv): RouteContext {
  const upstream = rawInput("upstreamProvider", flags, env);
  return {
    modelId: checked("model", modelIdSchema, required("model", flags, env, "vendor/model-name")),
    providerKey: checked("providerKey", providerKeySchema, required("providerKey", flags, env, "inference")),
    inferenceApi: checked("api", inferenceApiSchema, required("api", flags, env, "openai-completions")),
    baseUrl: parseBaseUrl(required("baseUrl", flags, env, "https://inference.local/v1")),
    ...(upstream === undefined
      ? {}
      : { upstreamProvider: checked("upstreamProvider", upstreamProviderSchema, upstream.trim()) }),
  };
}

export function resolveSetupDir(flags: FlagValues, env: NodeJS.ProcessEnv): string | undefined {
  return rawInput("setupDir", flags, env);
}

export function resolveUserCompat(flags: FlagValues, env: NodeJS.ProcessEnv): OpenclawCompat | undefined {
  const raw = rawInput("compatB64", flags, env);
  return raw === undefined ? undefined : decodeUserCompat(raw);
}

/** Everything `generate` needs, validated; throws UsageError naming the variable and flag at fault. */
export function resolveInputs(flags: FlagValues, env: NodeJS.ProcessEnv): ResolvedInputs {
  const route = resolveRoute(flags, env);
  const setupDir = resolveSetupDir(flags, env);
  const options: GenerateOptions = {};
  const primary = rawInput("primaryModelRef", flags, env);
  if (primary !== undefined) options.primaryModelRef = checked("primaryModelRef", modelIdSchema, primary);
  const apiKey = rawInput("apiKey", flags, env);
  if (apiKey !== undefined) options.apiKey = apiKey;
  const inputs = rawInput("inputs", flags, env);
  if (inputs !== undefined) options.inputs = parseInputs(inputs);
  const contextWindow = rawInput("contextWindow", flags, env);
  if (contextWindow !== undefined) options.contextWindow = parsePositiveInt("contextWindow", contextWindow);
  const maxTokens = rawInput("maxTokens", flags, env);
  if (maxTokens !== undefined) options.maxTokens = parsePositiveInt("maxTokens", maxTokens);
  const reasoning = rawInput("reasoning", flags, env);
  if (reasoning !== undefined) options.reasoning = parseBoolean("reasoning", reasoning);
  const effort = rawInput("reasoningEffort", flags, env);
  if (effort !== undefined) options.reasoningEffort = parseReasoningEffort(effort);
  if (!unset(env.NEMOCLAW_TOOL_SEARCH)) {
    throw new UsageError(
      "NEMOCLAW_TOOL_SEARCH is gone: use NEMOCLAW_TOOL_DISCLOSURE=direct (or --tool-disclosure direct) to turn Tool Search off, as upstream NemoClaw does, and unset NEMOCLAW_TOOL_SEARCH",
    );
  }
  const disclosure = rawInput("toolDisclosure", flags, env);
  if (disclosure !== undefined) options.directToolDisclosure = parseToolDisclosure(disclosure);
  const userCompat = resolveUserCompat(flags, env);
  if (userCompat !== undefined) options.userCompat = userCompat;
  return { route, setupDir, options };
}
