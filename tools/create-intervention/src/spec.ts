/**
 * What a new intervention is made of, and how each answer is validated. Pure: the field rules are the manifest
 * contract's own zod schemas, so the scaffolder can never accept a value the registry builder would refuse.
 */
import {
  type Agent,
  baseUrlSchema,
  checkManifest,
  evidenceRefSchema,
  inferenceApiSchema,
  interventionIdSchema,
  type Manifest,
  manifestSchema,
  modelIdPrefixSchema,
  modelIdSchema,
  type Problem,
  pluginIdSchema,
  providerKeySchema,
  type ReplyShaping,
  TEXT_TOOL_CALL_FORMATS,
  type TextToolCallFormat,
} from "@model-setup/manifest";

export type Selector = "modelIds" | "modelIdPrefixes";

/** Everything needed to write the package; produced by the prompts or by flags. */
export interface ScaffoldSpec {
  id: string;
  agent: Agent;
  description: string;
  /** Issue references, URLs or `e2e:<case>` proving the defect. */
  evidence: string[];
  removeWhen: string;
  selector: Selector;
  models: string[];
  /** Omitted predicates match any value. */
  providerKey?: string;
  inferenceApi?: string;
  baseUrl?: string;
  /** `openclawCompat` for openclaw, `hermesCompat` for hermes. */
  compat?: Record<string, unknown>;
  /** openclaw only: `openclawRequestBody.set`, fields set in every request of the route. */
  requestBody?: Record<string, unknown>;
  /** openclaw only: `openclawRequestBody.remove`, top-level fields removed from every request. */
  removeFields?: string[];
  /** openclaw only: `openclawRequestBody.insertSystemMessage` ({content, unlessToolsOffered}). */
  systemMessage?: Record<string, unknown>;
  /** openclaw only: `openclawReplyShaping.reasoningTags.tags`, tag names whose sections move into reasoning. */
  reasoningTags?: string[];
  /** openclaw only: `openclawReplyShaping.textToolCalls`, the format of tool calls written as text. */
  textToolCalls?: TextToolCallFormat;
  toolSearchOff: boolean;
  reasoning: boolean;
  /** openclaw only: a plugin skeleton under plugin/ with this plugin id. */
  pluginId?: string;
  /** The e2e case stub is `e2e/<behaviour>.case.ts`, case name `<id>-<behaviour>`. */
  behaviour: string;
}

export const DEFAULT_BEHAVIOUR = "applies";
/** The `$schema` reference in every package's manifest.json (an editor's completion; never read by a tool). */
export const MANIFEST_SCHEMA_REF = "../../packages/manifest/dist/manifest.schema.json";
const BEHAVIOUR = /^[a-z0-9][a-z0-9-]*$/;

interface SafeParser {
  safeParse(value: unknown): { success: true } | { success: false; error: { issues: { message: string }[] } };
}

function firstIssue(schema: SafeParser, value: unknown): string | undefined {
  const result = schema.safeParse(value);
  return result.success ? undefined : result.error.issues[0]?.message;
}

export const validate = {
  id: (value: string) => firstIssue(interventionIdSchema, value),
  pluginId: (value: string) => firstIssue(pluginIdSchema, value),
  description: (value: string) => (value.trim() === "" ? "must not be empty: say why it exists" : undefined),
  removeWhen: (value: string) =>
    value.trim() === "" ? "must not be empty: say when the intervention can be deleted" : undefined,
  evidence(text: string): string | undefined {
    const items = splitList(text);
    if (items.length === 0) return "list at least one, separated by commas (e.g. #3046,e2e:<case name>)";
    for (const item of items) {
      const issue = firstIssue(evidenceRefSchema, item);
      if (issue) return `${JSON.stringify(item)}: ${issue}`;
    }
    return new Set(items).size === items.length ? undefined : "lists the same value twice";
  },
  providerKey: (value: string) => (value === "" ? undefined : firstIssue(providerKeySchema, value)),
  inferenceApi: (value: string) => (value === "" ? undefined : firstIssue(inferenceApiSchema, value)),
  baseUrl: (value: string) => (value === "" ? undefined : firstIssue(baseUrlSchema, value)),
  behaviour: (value: string) =>
    BEHAVIOUR.test(value) ? undefined : "must match ^[a-z0-9][a-z0-9-]*$, e.g. applies or exec-split",
  models(selector: Selector, text: string): string | undefined {
    const items = splitList(text);
    if (items.length === 0) return "list at least one, separated by commas";
    const schema = selector === "modelIds" ? modelIdSchema : modelIdPrefixSchema;
    for (const item of items) {
      const issue = firstIssue(schema, item);
      if (issue) return `${JSON.stringify(item)}: ${issue}`;
    }
    const seen = new Set(items.map((item) => item.toLowerCase()));
    return seen.size === items.length ? undefined : "lists the same value twice";
  },
  /** Empty means no compat object. Otherwise a JSON object the agent's compat schema accepts. */
  compat(agent: Agent, text: string): string | undefined {
    const key = agent === "openclaw" ? "openclawCompat" : "hermesCompat";
    return effectProblem(agent, text, (value) => ({ [key]: value }));
  },
  /** Empty means none. Otherwise the fields an openclawRequestBody effect sets, e.g. {"chat_template_kwargs":{...}}. */
  requestBody(text: string): string | undefined {
    return effectProblem("openclaw", text, (value) => ({ openclawRequestBody: { set: value } }));
  },
  /** Empty means none. Otherwise a comma list of top-level request fields to remove, e.g. thinking. */
  removeFields(text: string): string | undefined {
    const fields = splitList(text);
    return fields.length === 0
      ? undefined
      : effectIssue("openclaw", { openclawRequestBody: { remove: fields } }, fields);
  },
  /** Empty means none. Otherwise `{"content": "...", "unlessToolsOffered": ["exec", ...]}`. */
  systemMessage(text: string): string | undefined {
    return effectProblem("openclaw", text, (value) => ({
      openclawRequestBody: { insertSystemMessage: value },
    }));
  },
  /** Empty means none. Otherwise a comma list of reasoning tag names, e.g. think or think,mm:think. */
  reasoningTags(text: string): string | undefined {
    const tags = splitList(text);
    if (tags.length === 0) return undefined;
    // Writing the tag itself is the likely slip; the schema's message would only say it is not a name.
    const written = tags.find((tag) => /^<\/?|>$/.test(tag));
    if (written !== undefined) {
      const name = written.replace(/^<\/?|>$/g, "");
      return `${JSON.stringify(written)}: write the tag's name without < and >, e.g. ${name || "think"}`;
    }
    return effectIssue("openclaw", { openclawReplyShaping: { reasoningTags: { tags } } }, tags);
  },
  /** Empty means none. Otherwise one of the formats the shaping plugin reads, e.g. qwen-xml. */
  textToolCalls(text: string): string | undefined {
    const format = text.trim();
    if (format === "") return undefined;
    const issue = effectIssue("openclaw", { openclawReplyShaping: { textToolCalls: format } });
    return (
      issue &&
      `${JSON.stringify(format)} is not a format the shaping plugin reads: use one of ${TEXT_TOOL_CALL_FORMATS.join(", ")}`
    );
  },
};

/** A format answer as its type (validated before), or undefined for an empty answer. */
export function textToolCallFormat(text: string | undefined): TextToolCallFormat | undefined {
  const format = (text ?? "").trim();
  return TEXT_TOOL_CALL_FORMATS.find((known) => known === format);
}

/** The first problem the manifest schema finds in an effect built from a JSON object answer (empty: none). */
function effectProblem(
  agent: Agent,
  text: string,
  effects: (value: Record<string, unknown>) => Record<string, unknown>,
): string | undefined {
  const parsed = parseCompat(text);
  if (!parsed.ok) return parsed.message;
  if (parsed.value === undefined) return undefined;
  return effectIssue(agent, effects(parsed.value));
}

/**
 * The first problem the manifest schema finds in these effects, as `<path>: <message>`; an issue with one of
 * `items` (the entries of a comma list answer) names that entry instead of its index.
 */
function effectIssue(
  agent: Agent,
  effects: Record<string, unknown>,
  items: readonly string[] = [],
): string | undefined {
  const probe = {
    id: "probe",
    agent,
    description: "probe",
    evidence: ["#1"],
    removeWhen: "probe",
    match: { providerKey: "probe" },
    effects,
  };
  const result = manifestSchema.safeParse(probe);
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  if (issue === undefined) return "invalid";
  const path = issue.path.slice(2);
  const last = path.at(-1);
  const item = typeof last === "number" ? items[last] : undefined;
  // zod's own wording for a list too long ("Too big: expected array to have <=4 items") says no fix.
  const message =
    issue.code === "too_big" && issue.origin === "array"
      ? `lists ${items.length || "too many"}, at most ${issue.maximum}: drop some`
      : issue.message;
  if (item === undefined) return `${path.length > 0 ? `${path.join(".")}: ` : ""}${message}`;
  // A message that already names the entry ("think is listed twice") needs no prefix.
  return issue.code === "custom" && message.startsWith(`${item} `)
    ? message
    : `${JSON.stringify(item)}: ${message}`;
}

export function splitList(text: string): string[] {
  return text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

export function parseCompat(
  text: string,
): { ok: true; value: Record<string, unknown> | undefined } | { ok: false; message: string } {
  if (text.trim() === "") return { ok: true, value: undefined };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `not JSON (${(error as Error).message})` };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { ok: false, message: 'must be a JSON object such as {"maxTokensField":"max_tokens"}' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/** The manifest.json the package gets, keys in the order the existing packages use. */
export function manifestFor(spec: ScaffoldSpec): Record<string, unknown> {
  const match: Record<string, unknown> = { [spec.selector]: spec.models };
  if (spec.providerKey) match.providerKey = spec.providerKey;
  if (spec.inferenceApi) match.inferenceApi = spec.inferenceApi;
  if (spec.baseUrl) match.baseUrl = spec.baseUrl;
  const effects: Record<string, unknown> = {};
  if (spec.agent === "openclaw") {
    if (spec.compat) effects.openclawCompat = spec.compat;
    if (spec.reasoning) effects.openclawReasoning = true;
    if (spec.toolSearchOff) effects.openclawTools = { toolSearch: false };
    if (spec.pluginId) effects.openclawPlugins = [{ id: spec.pluginId, path: "plugin" }];
    const body = {
      ...(spec.requestBody ? { set: spec.requestBody } : {}),
      ...(spec.removeFields?.length ? { remove: spec.removeFields } : {}),
      ...(spec.systemMessage ? { insertSystemMessage: spec.systemMessage } : {}),
    };
    if (Object.keys(body).length > 0) effects.openclawRequestBody = body;
    const reply: ReplyShaping = {
      ...(spec.reasoningTags?.length ? { reasoningTags: { tags: spec.reasoningTags } } : {}),
      ...(spec.textToolCalls ? { textToolCalls: spec.textToolCalls } : {}),
    };
    if (Object.keys(reply).length > 0) effects.openclawReplyShaping = reply;
  } else if (spec.compat) {
    effects.hermesCompat = spec.compat;
  }
  return {
    $schema: MANIFEST_SCHEMA_REF,
    id: spec.id,
    agent: spec.agent,
    description: spec.description.trim(),
    evidence: spec.evidence,
    removeWhen: spec.removeWhen.trim(),
    match,
    effects,
  };
}

/** Validates the manifest exactly as the registry builder will (id = folder name included). */
export function checkedManifest(
  spec: ScaffoldSpec,
): { ok: true; manifest: Manifest; json: Record<string, unknown> } | { ok: false; problems: Problem[] } {
  const extra =
    spec.agent === "hermes" &&
    (spec.pluginId ||
      spec.reasoning ||
      spec.toolSearchOff ||
      spec.requestBody ||
      spec.removeFields?.length ||
      spec.systemMessage ||
      spec.reasoningTags?.length ||
      spec.textToolCalls);
  if (extra) {
    return {
      ok: false,
      problems: [
        {
          file: `interventions/${spec.id}/manifest.json`,
          pointer: "/effects",
          message:
            "plugins, Tool Search, reasoning, request-body fields and reply shaping are openclaw effects; a hermes intervention takes only a compat object",
        },
      ],
    };
  }
  const json = manifestFor(spec);
  const result = checkManifest(json, `interventions/${spec.id}/manifest.json`, spec.id);
  if (!result.ok) return result;
  return { ok: true, manifest: result.manifest, json };
}

/** A JSON object answer as a value (validated before), or undefined for an empty answer. */
export function parsedObject(text: string | undefined): Record<string, unknown> | undefined {
  const parsed = parseCompat(text ?? "");
  return parsed.ok ? parsed.value : undefined;
}
