import { z } from "zod";
import { noShell } from "./strings.js";

/**
 * Where the accepted compat keys come from. OpenClaw validates `models.providers.<id>.models[].compat` strictly
 * and refuses unknown keys, so this schema follows the newest supported release: its `ModelCompatConfig` type,
 * which the e2e package reads with TypeScript's checker into openclaw-releases.json (every supported release's
 * keys). tools/e2e/test/release-facts.test.ts fails when this schema and that release differ.
 */
export const OPENCLAW_COMPAT_SOURCE = {
  package: "openclaw",
  version: "2026.9.6",
  declaration: "ModelCompatConfig (dist/*.d.ts)",
} as const;

/** Strings of compat values: plain tokens, never shell or code (the same rule as identifiers elsewhere). */
const token = z.string().min(1, "must not be empty").superRefine(noShell("a compat value"));
const stringList = z.array(token);

/** Keys that assigning into a plain object would turn into prototype changes instead of data. */
const PROTOTYPE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * `schema` for an object whose keys are data. zod's record silently drops a `__proto__` key, so prototype keys are
 * refused on the input first, where they are still there.
 */
export function withoutPrototypeKeys<T extends z.ZodType>(schema: T) {
  return z
    .unknown()
    .superRefine((value, ctx) => {
      if (value === null || typeof value !== "object") return;
      for (const key of Object.keys(value)) {
        if (PROTOTYPE_KEYS.has(key))
          ctx.addIssue({ code: "custom", path: [key], message: "is not allowed as a key: rename it" });
      }
    })
    .pipe(schema);
}

/** A map of plain tokens. */
const tokenMap = withoutPrototypeKeys(z.record(token, token));

/**
 * OpenRouter's routing preferences, typed as OpenClaw 2026.7.1, 2026.8.2 and 2026.9.6 all declare them
 * (`ModelCatalogOpenRouterRouting`: `ModelRoutingSortConfig`, `ModelRoutingMaxPrice`, `ModelRoutingPercentiles`),
 * so nothing in a compat object is free-form: every object is strict (no key but the declared ones), every string
 * a plain token (never shell or code), every number a JSON number. A union says what it takes in one message.
 */
const sortConfig = z.union(
  [token, z.strictObject({ by: token.optional(), partition: token.nullable().optional() })],
  {
    error:
      'must be a plain token such as "price" or {"by": "<token>", "partition": "<token>" or null} (OpenClaw\'s ModelRoutingSortConfig)',
  },
);
const price = z.union([z.number(), token], {
  error: "must be a number or a plain token such as 0.5 (OpenClaw's ModelRoutingMaxPrice)",
});
const maxPrice = z.strictObject({
  prompt: price.optional(),
  completion: price.optional(),
  image: price.optional(),
  audio: price.optional(),
  request: price.optional(),
});
const percentiles = z.union(
  [
    z.number(),
    z.strictObject({
      p50: z.number().optional(),
      p75: z.number().optional(),
      p90: z.number().optional(),
      p99: z.number().optional(),
    }),
  ],
  { error: "must be a number or {p50, p75, p90, p99} of numbers (OpenClaw's ModelRoutingPercentiles)" },
);

const openRouterRouting = z.strictObject({
  allow_fallbacks: z.boolean().optional(),
  require_parameters: z.boolean().optional(),
  data_collection: z.enum(["allow", "deny"]).optional(),
  zdr: z.boolean().optional(),
  enforce_distillable_text: z.boolean().optional(),
  order: stringList.optional(),
  only: stringList.optional(),
  ignore: stringList.optional(),
  quantizations: stringList.optional(),
  sort: sortConfig.optional(),
  max_price: maxPrice.optional(),
  preferred_min_throughput: percentiles.optional(),
  preferred_max_latency: percentiles.optional(),
});

/** Keys and value types OpenClaw accepts for a model's `compat` object (see OPENCLAW_COMPAT_SOURCE). */
export const openclawCompatSchema = z.strictObject({
  supportsStore: z.boolean().optional(),
  supportsPromptCacheKey: z.boolean().optional(),
  supportsResponsesContinuation: z.boolean().optional(),
  supportsDeveloperRole: z.boolean().optional(),
  supportsReasoningEffort: z.boolean().optional(),
  supportsTemperature: z.boolean().optional(),
  supportsInstructions: z.boolean().optional(),
  supportsUsageInStreaming: z.boolean().optional(),
  supportsTools: z.boolean().optional(),
  codeMode: z.enum(["capable", "preferred"]).optional(),
  supportsStrictMode: z.boolean().optional(),
  supportsJsonSchemaResponseFormat: z.boolean().optional(),
  requiresStringContent: z.boolean().optional(),
  strictMessageKeys: z.boolean().optional(),
  visibleReasoningDetailTypes: stringList.optional(),
  supportedReasoningEfforts: stringList.optional(),
  reasoningEffortMap: tokenMap.optional(),
  maxTokensField: z.enum(["max_completion_tokens", "max_tokens"]).optional(),
  thinkingFormat: z
    .enum(["openai", "openrouter", "deepseek", "together", "qwen", "qwen-chat-template", "zai"])
    .optional(),
  requiresToolResultName: z.boolean().optional(),
  requiresAssistantAfterToolResult: z.boolean().optional(),
  requiresThinkingAsText: z.boolean().optional(),
  requiresReasoningContentOnAssistantMessages: z.boolean().optional(),
  toolSchemaProfile: token.optional(),
  unsupportedToolSchemaKeywords: stringList.optional(),
  toolCallArgumentsEncoding: token.optional(),
  requiresOpenAiAnthropicToolPayload: z.boolean().optional(),
  openRouterRouting: openRouterRouting.optional(),
  vercelGatewayRouting: z
    .strictObject({ only: stringList.optional(), order: stringList.optional() })
    .optional(),
  zaiToolStream: z.boolean().optional(),
  cacheControlFormat: z.enum(["anthropic"]).optional(),
  sendSessionAffinityHeaders: z.boolean().optional(),
  sendSessionIdHeader: z.boolean().optional(),
  supportsEagerToolInputStreaming: z.boolean().optional(),
  supportsLongCacheRetention: z.boolean().optional(),
});

export type OpenclawCompat = z.infer<typeof openclawCompatSchema>;

export const OPENCLAW_COMPAT_KEYS: readonly string[] = Object.keys(openclawCompatSchema.shape).sort();

/**
 * The declarative subset of a provider's `request` options (`models.providers.<id>.request`, a strict object in
 * the same OpenClaw release). Only `allowPrivateNetwork` belongs in a manifest: headers, auth, proxy and TLS
 * carry secrets or machine paths. Needed when an intervention makes OpenClaw re-classify the managed endpoint
 * (e.g. as Google Generative AI), after which the private `inference.local` origin is no longer trusted.
 */
export const openclawProviderRequestSchema = z
  .strictObject({ allowPrivateNetwork: z.boolean().optional() })
  .refine((value) => Object.keys(value).length > 0, {
    message: "must set at least one option, or drop the effect",
  });

export type OpenclawProviderRequest = z.infer<typeof openclawProviderRequestSchema>;
