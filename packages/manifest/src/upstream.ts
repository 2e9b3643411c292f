/**
 * What upstream NemoClaw's own readers accept in the staged `model-specific-setup/` folder, and how a full setup
 * record is split between that folder and this project's index (state of upstream 2026-08-21): its OpenClaw
 * generator (`scripts/generate-openclaw-config.mts`), its Hermes generator's registry walk, which validates every
 * record of every agent, and its CI schema (`additionalProperties: false` at the top, in `match` and in `effects`).
 *
 * The split is per part, never per intervention: upstream's readers get every part they can apply, and only the
 * parts they cannot read move to the index record, joined back by id. An intervention is kept from upstream whole
 * only when a dropped part would make it match more routes (a match predicate), or when nothing is left to apply.
 */
import { z } from "zod";
import {
  agentSchema,
  type Effects,
  effectsSchema,
  type Match,
  manifestSchema,
  matchSchema,
} from "./schema.js";
import { type SetupRecord, stagedPluginSchema } from "./setup-record.js";

export const UPSTREAM_MATCH_KEYS = [
  "modelIds",
  "modelIdPrefixes",
  "providerKey",
  "inferenceApi",
  "baseUrl",
] as const satisfies readonly (keyof Match)[];
export const UPSTREAM_EFFECT_KEYS = [
  "openclawCompat",
  "openclawPlugins",
  "openclawTools",
  "hermesCompat",
] as const satisfies readonly (keyof Effects)[];
/** Top-level fields of an upstream record; upstream's schema refuses any other. */
const UPSTREAM_TOP_KEYS = ["id", "agent", "description", "match", "effects"] as const;

type UpstreamMatchKey = (typeof UPSTREAM_MATCH_KEYS)[number];
type UpstreamEffectKey = (typeof UPSTREAM_EFFECT_KEYS)[number];

/**
 * For each part upstream's readers cannot read: why it is not in the upstream record, and what carries that kind of
 * fix in an upstream NemoClaw image instead. Typed over the manifest's own keys, so a new effect or predicate does
 * not compile until it says how upstream copes without it.
 */
export const UPSTREAM_GAPS: {
  effects: Record<Exclude<keyof Effects, UpstreamEffectKey>, string>;
  match: Record<Exclude<keyof Match, UpstreamMatchKey>, string>;
} = {
  effects: {
    openclawRequestBody:
      "upstream's registry has no request-body effect; upstream's request preload (a Node preload in nemoclaw-blueprint/scripts/) rewrites the body for the models it lists",
    openclawProviderRequest:
      "upstream's registry has no provider-request effect and its generator sets no provider request option; upstream's records carry the plugin alone",
    openclawReasoning:
      "upstream's registry has no reasoning effect; upstream's generator turns reasoning on only from NEMOCLAW_REASONING, which whoever runs it sets",
    openclawCompatDefaults:
      "upstream's registry has no compat-default effect; upstream's generator hard-codes supportsUsageInStreaming for the ollama and ollama-local provider keys",
    openclawReplyShaping:
      "upstream's registry has no reply-shaping effect and no upstream plugin reshapes replies: leaked reasoning tags and tool calls written as text reach OpenClaw as they are",
  },
  match: {
    upstreamProvider:
      "upstream's readers have no upstreamProvider predicate, and without it the record would match every upstream provider; upstream's request preload reads NEMOCLAW_UPSTREAM_PROVIDER itself",
  },
};

const NOTHING_TO_APPLY = "upstream's readers can apply none of its effects";

const upstreamMatchSchema = z
  .strictObject(pickShape(matchSchema.shape, UPSTREAM_MATCH_KEYS))
  .refine((match) => Object.keys(match).length > 0, { message: "must hold at least one predicate" })
  .refine((match) => !(match.modelIds && match.modelIdPrefixes), {
    message: "modelIds and modelIdPrefixes are exclusive",
  });

const upstreamEffectsSchema = z
  .strictObject({
    ...pickShape(effectsSchema.shape, UPSTREAM_EFFECT_KEYS),
    openclawPlugins: z.array(stagedPluginSchema).min(1).optional(),
  })
  .refine((effects) => Object.keys(effects).length > 0, { message: "must hold at least one effect" });

/**
 * A record in the staged `model-specific-setup/<agent>/<id>.json`: exactly what upstream NemoClaw's readers accept.
 * Its JSON Schema is the folder's `schema.json`.
 */
export const upstreamRecordSchema = z.strictObject({
  id: manifestSchema.shape.id,
  agent: agentSchema,
  description: manifestSchema.shape.description,
  match: upstreamMatchSchema,
  effects: upstreamEffectsSchema,
});
export type UpstreamRecord = z.infer<typeof upstreamRecordSchema>;

/**
 * This project's part of a record, in `model-setup-index/<agent>/records/<id>.json`: everything the upstream record
 * does not hold (the whole record when no upstream record is staged). Joined with it by id.
 */
export const indexRecordSchema = z.strictObject({
  id: manifestSchema.shape.id,
  agent: agentSchema,
  description: manifestSchema.shape.description.optional(),
  evidence: manifestSchema.shape.evidence,
  removeWhen: manifestSchema.shape.removeWhen,
  openclaw: manifestSchema.shape.openclaw,
  match: z.strictObject(matchSchema.shape).optional(),
  effects: z
    .strictObject({
      ...effectsSchema.shape,
      openclawPlugins: z.array(stagedPluginSchema).min(1).optional(),
    })
    .optional(),
});
export type IndexRecord = z.infer<typeof indexRecordSchema>;

/** A part upstream's readers do not get, as registry.json lists it. */
export const upstreamGapSchema = z.strictObject({ pointer: z.string(), why: z.string() });
export type UpstreamGap = z.infer<typeof upstreamGapSchema>;

export interface UpstreamSplit {
  /** What upstream's readers get; undefined when the intervention is kept from them whole. */
  upstream?: UpstreamRecord;
  /** The rest, staged in the index. */
  index: IndexRecord;
  /** Every part upstream's readers do not get, with why. */
  dropped: UpstreamGap[];
  /** Why no upstream record is staged at all. */
  notStaged?: string;
}

function pickShape<S extends Record<string, z.ZodType>, K extends keyof S & string>(
  shape: S,
  keys: readonly K[],
): Pick<S, K> {
  return Object.fromEntries(keys.map((key) => [key, shape[key]])) as Pick<S, K>;
}

function partition<T extends object>(value: T, keep: readonly string[]): [Partial<T>, Partial<T>] {
  const kept: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) (keep.includes(key) ? kept : rest)[key] = item;
  return [kept as Partial<T>, rest as Partial<T>];
}

/** Splits a full setup record into the part upstream's readers accept and this project's rest. Pure. */
export function splitForUpstream(record: SetupRecord): UpstreamSplit {
  const [upstreamMatch, extraMatch] = partition(record.match, UPSTREAM_MATCH_KEYS);
  const [upstreamEffects, extraEffects] = partition(record.effects, UPSTREAM_EFFECT_KEYS);
  const dropped: UpstreamGap[] = [
    ...Object.keys(extraMatch).map((key) => ({
      pointer: `/match/${key}`,
      why: UPSTREAM_GAPS.match[key as keyof typeof UPSTREAM_GAPS.match],
    })),
    ...Object.keys(extraEffects).map((key) => ({
      pointer: `/effects/${key}`,
      why: UPSTREAM_GAPS.effects[key as keyof typeof UPSTREAM_GAPS.effects],
    })),
  ];
  const notStaged =
    Object.keys(extraMatch).length > 0
      ? `match predicate ${Object.keys(extraMatch).join(", ")}: leaving it out would widen the match`
      : Object.keys(upstreamEffects).length === 0
        ? NOTHING_TO_APPLY
        : undefined;
  const [top, rest] = partition(record, UPSTREAM_TOP_KEYS);
  const common = { id: record.id, agent: record.agent };
  if (notStaged) {
    return { index: { ...common, ...(rest as IndexRecord), ...top }, dropped, notStaged };
  }
  const index: IndexRecord = { ...common, ...(rest as Omit<IndexRecord, "id" | "agent">) };
  if (Object.keys(extraMatch).length > 0) index.match = extraMatch;
  if (Object.keys(extraEffects).length > 0) index.effects = extraEffects;
  return {
    upstream: {
      ...common,
      description: record.description,
      match: upstreamMatch,
      effects: upstreamEffects as UpstreamRecord["effects"],
    },
    index,
    dropped,
  };
}

/**
 * The full record again: the index record's parts added to the upstream record's. Undefined parts and keys held by
 * both are the caller's to report (see {@link overlappingParts}); the result still needs validating.
 */
export function joinUpstreamRecord(upstream: UpstreamRecord | undefined, index: IndexRecord): unknown {
  if (!upstream) return index;
  const { match, effects, ...rest } = index;
  return {
    ...upstream,
    ...rest,
    match: { ...upstream.match, ...match },
    effects: { ...upstream.effects, ...effects },
  };
}

/** JSON pointers both halves of a record hold (a context not written by this builder). */
export function overlappingParts(upstream: UpstreamRecord, index: IndexRecord): string[] {
  const both = (a: object, b: object | undefined, at: string) =>
    Object.keys(b ?? {})
      .filter((key) => Object.hasOwn(a, key))
      .map((key) => `${at}/${key}`);
  return [
    ...(index.description === undefined ? [] : ["/description"]),
    ...both(upstream.match, index.match, "/match"),
    ...both(upstream.effects, index.effects, "/effects"),
  ];
}
