import { z } from "zod";
import { openclawCompatSchema, openclawProviderRequestSchema } from "./openclaw-compat.js";
import { replyShapingSchema } from "./reply-shaping.js";
import { bodyNeedsShapingPlugin, openclawRequestBodySchema } from "./request-body.js";
import { SHAPING_PLUGIN_ID } from "./shaping.js";
import {
  baseUrl,
  evidenceRef,
  inferenceApi,
  interventionId,
  modelId,
  modelIdPrefix,
  openclawRange,
  packageRelativePath,
  pluginId,
  providerKey,
  shellMarkerIn,
  upstreamProvider,
} from "./strings.js";

export const AGENTS = ["openclaw", "hermes"] as const;
export const agentSchema = z.enum(AGENTS);
export type Agent = z.infer<typeof agentSchema>;

function uniqueList<T extends z.ZodType<string>>(item: T, what: string) {
  return z
    .array(item)
    .min(1, `must list at least one ${what}`)
    .superRefine((values, ctx) => {
      const seen = new Set<string>();
      values.forEach((value, index) => {
        const key = value.trim().toLowerCase();
        if (seen.has(key)) {
          ctx.addIssue({
            code: "custom",
            path: [index],
            message: `duplicate ${what} ${JSON.stringify(value)}`,
          });
        }
        seen.add(key);
      });
    });
}

export const matchSchema = z
  .strictObject({
    modelIds: uniqueList(modelId, "model id").optional(),
    modelIdPrefixes: uniqueList(modelIdPrefix, "model id prefix").optional(),
    providerKey: providerKey.optional(),
    inferenceApi: inferenceApi.optional(),
    baseUrl: baseUrl.optional(),
    /** Exact; a route whose upstream provider is unknown never matches it. */
    upstreamProvider: upstreamProvider.optional(),
  })
  .superRefine((match, ctx) => {
    if (Object.keys(match).length === 0) {
      ctx.addIssue({
        code: "custom",
        message:
          "must hold at least one predicate (modelIds, modelIdPrefixes, providerKey, inferenceApi, baseUrl or upstreamProvider)",
      });
    }
    if (match.modelIds && match.modelIdPrefixes) {
      ctx.addIssue({
        code: "custom",
        path: ["modelIdPrefixes"],
        message:
          "modelIds and modelIdPrefixes are exclusive: split this into two interventions or keep one selector",
      });
    }
  });

export type Match = z.infer<typeof matchSchema>;

export const openclawPluginRefSchema = z.strictObject({
  id: pluginId,
  path: packageRelativePath,
  entry: packageRelativePath.optional(),
});
export type OpenclawPluginRef = z.infer<typeof openclawPluginRefSchema>;

const hermesCompatSchema = z.record(
  z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, "hermes compat keys are identifiers"),
  z.union([z.boolean(), z.number(), z.string().regex(/^[A-Za-z0-9._:/-]*$/, "must be a plain token")]),
);

const OPENCLAW_EFFECTS = [
  "openclawCompat",
  "openclawCompatDefaults",
  "openclawTools",
  "openclawReasoning",
  "openclawPlugins",
  "openclawProviderRequest",
  "openclawRequestBody",
  "openclawReplyShaping",
] as const;
const HERMES_EFFECTS = ["hermesCompat"] as const;

export const effectsSchema = z.strictObject({
  openclawCompat: openclawCompatSchema.optional(),
  /** Compat that applies unless the user's own compat (NEMOCLAW_INFERENCE_COMPAT_B64) sets the key. */
  openclawCompatDefaults: openclawCompatSchema.optional(),
  openclawTools: z.strictObject({ toolSearch: z.boolean() }).optional(),
  openclawReasoning: z.literal(true).optional(),
  openclawPlugins: z
    .array(openclawPluginRefSchema)
    .min(1, "must list at least one plugin, or drop openclawPlugins")
    .optional(),
  openclawProviderRequest: openclawProviderRequestSchema.optional(),
  openclawRequestBody: openclawRequestBodySchema.optional(),
  /** What the shared shaping plugin does to the route's replies (reasoning tags, tool calls written as text). */
  openclawReplyShaping: replyShapingSchema.optional(),
  hermesCompat: hermesCompatSchema.optional(),
});
export type Effects = z.infer<typeof effectsSchema>;

/**
 * Whether effects need the shared shaping plugin: request-body parts OpenClaw's configuration cannot express
 * (removals, a system message), or any reply shaping.
 */
export function needsShapingPlugin(effects: Effects): boolean {
  return bodyNeedsShapingPlugin(effects.openclawRequestBody) || effects.openclawReplyShaping !== undefined;
}

/** Walks every string inside a JSON value, with its path. */
function forEachString(
  value: unknown,
  path: (string | number)[],
  visit: (s: string, p: (string | number)[]) => void,
) {
  if (typeof value === "string") visit(value, path);
  else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) forEachString(item, [...path, index], visit);
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) forEachString(item, [...path, key], visit);
  }
}

export const manifestSchema = z
  .strictObject({
    $schema: z.string().optional(),
    id: interventionId,
    agent: agentSchema,
    description: z.string().trim().min(1, "must not be empty: say why the intervention exists").max(2000),
    /** Why the defect is known to be real: upstream issues, URLs, e2e cases that fail without the intervention. */
    evidence: uniqueList(evidenceRef, "piece of evidence"),
    /** The condition under which the intervention can be deleted. */
    removeWhen: z
      .string()
      .trim()
      .min(1, "must not be empty: say when this intervention can be deleted")
      .max(1000),
    /** The OpenClaw releases it applies to (a semver range); omitted means every release. */
    openclaw: openclawRange.optional(),
    match: matchSchema,
    effects: effectsSchema,
  })
  .superRefine((manifest, ctx) => {
    const present = Object.keys(manifest.effects);
    if (present.length === 0) {
      ctx.addIssue({ code: "custom", path: ["effects"], message: "must hold at least one effect" });
    }
    if (manifest.openclaw !== undefined && manifest.agent !== "openclaw") {
      ctx.addIssue({
        code: "custom",
        path: ["openclaw"],
        message: `a range of OpenClaw releases applies to openclaw interventions only; this manifest's agent is ${manifest.agent}: remove it`,
      });
    }
    const foreign: readonly string[] = manifest.agent === "openclaw" ? HERMES_EFFECTS : OPENCLAW_EFFECTS;
    for (const key of present.filter((k) => foreign.includes(k))) {
      ctx.addIssue({
        code: "custom",
        path: ["effects", key],
        message: `${key} is an effect of the other agent; this manifest's agent is ${manifest.agent}: move it to a ${manifest.agent === "openclaw" ? "hermes" : "openclaw"} intervention or remove it`,
      });
    }
    for (const effect of ["openclawCompat", "openclawCompatDefaults"] as const) {
      forEachString(manifest.effects[effect], ["effects", effect], (value, path) => {
        const marker = shellMarkerIn(value);
        if (marker !== undefined) {
          ctx.addIssue({
            code: "custom",
            path,
            message: `a compat value must not contain shell or code characters (found ${JSON.stringify(marker)})`,
          });
        }
      });
    }
    for (const key of Object.keys(manifest.effects.openclawCompatDefaults ?? {})) {
      if (Object.hasOwn(manifest.effects.openclawCompat ?? {}, key)) {
        ctx.addIssue({
          code: "custom",
          path: ["effects", "openclawCompatDefaults", key],
          message: `${key} is also in openclawCompat: keep it in one (openclawCompat if the user may not change it)`,
        });
      }
    }
    if (needsShapingPlugin(manifest.effects) && !manifest.match.providerKey) {
      ctx.addIssue({
        code: "custom",
        path: ["match", "providerKey"],
        message:
          'is required with reply shaping or a request-body remove or insertSystemMessage: the shaping plugin works on the provider the route names; set it, e.g. "inference"',
      });
    }
    const pluginIds = new Set<string>();
    manifest.effects.openclawPlugins?.forEach((plugin, index) => {
      if (plugin.id === SHAPING_PLUGIN_ID) {
        ctx.addIssue({
          code: "custom",
          path: ["effects", "openclawPlugins", index, "id"],
          message: `${SHAPING_PLUGIN_ID} is the shared shaping plugin: declare openclawRequestBody or openclawReplyShaping instead, or pick another id`,
        });
      }
      if (pluginIds.has(plugin.id)) {
        ctx.addIssue({
          code: "custom",
          path: ["effects", "openclawPlugins", index, "id"],
          message: `plugin id ${plugin.id} is listed twice`,
        });
      }
      pluginIds.add(plugin.id);
    });
  });

export type Manifest = z.infer<typeof manifestSchema>;
