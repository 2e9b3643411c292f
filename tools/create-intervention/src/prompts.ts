/**
 * Interactive questions (@clack/prompts) for every answer not given as a flag. Each text prompt validates with
 * the manifest's own field schemas and refuses to move on until the value is valid. Ctrl-C cancels: nothing is
 * written. Streams are injectable so tests can type into the prompts.
 */
import type { Readable, Writable } from "node:stream";
import { confirm, isCancel, select, text } from "@clack/prompts";
import {
  type Agent,
  MANAGED_ROUTE,
  TEXT_TOOL_CALL_FORMATS,
  type TextToolCallFormat,
} from "@model-setup/manifest";
import type { Given } from "./args.js";
import {
  DEFAULT_BEHAVIOUR,
  parsedObject,
  type ScaffoldSpec,
  type Selector,
  splitList,
  textToolCallFormat,
  validate,
} from "./spec.js";

export interface PromptIo {
  input?: Readable;
  output?: Writable;
}

export const CANCELLED = Symbol("cancelled");

class Cancelled extends Error {}

function answer<T>(value: T): Exclude<T, symbol> {
  if (isCancel(value)) throw new Cancelled();
  return value as Exclude<T, symbol>;
}

/** Asks for what `given` lacks. `reserved(id)` says why an id cannot be used (it exists already), or undefined. */
export async function askSpec(
  given: Given,
  reserved: (id: string) => string | undefined,
  io: PromptIo = {},
): Promise<ScaffoldSpec | typeof CANCELLED> {
  try {
    return await questions(given, reserved, io);
  } catch (error) {
    if (error instanceof Cancelled) return CANCELLED;
    throw error;
  }
}

async function questions(
  given: Given,
  reserved: (id: string) => string | undefined,
  io: PromptIo,
): Promise<ScaffoldSpec> {
  const ask = async (message: string, check: (value: string) => string | undefined, initialValue?: string) =>
    answer(
      await text({ ...io, message, initialValue, validate: (value) => check((value ?? "").trim()) }),
    ).trim();

  const id =
    given.id ??
    (await ask(
      "Intervention id (folder name, e.g. acme-9-managed-inference)",
      (v) => validate.id(v) ?? reserved(v),
    ));
  const agent: Agent =
    given.agent ??
    answer(
      await select<Agent>({
        ...io,
        message: "Agent",
        options: [
          { value: "openclaw", label: "openclaw" },
          { value: "hermes", label: "hermes" },
        ],
      }),
    );
  const description =
    given.description ??
    (await ask("Why does this model need it? (one or two sentences)", validate.description));
  const evidence =
    given.evidence ??
    (await ask("Evidence: issues (#123), https URLs or e2e:<case name>, comma-separated", validate.evidence));
  const removeWhen =
    given.removeWhen ?? (await ask("When can it be deleted? (the removal condition)", validate.removeWhen));
  const selector: Selector =
    given.selector ??
    answer(
      await select<Selector>({
        ...io,
        message: "Match models by",
        options: [
          { value: "modelIds", label: "exact model ids", hint: "e.g. vendor/model-1.5" },
          {
            value: "modelIdPrefixes",
            label: "model id prefixes",
            hint: "bare family, e.g. acme-5 matches acme-5.1",
          },
        ],
      }),
    );
  const what = selector === "modelIds" ? "Model ids" : "Model id prefixes";
  const models =
    given.models ?? (await ask(`${what} (comma-separated)`, (v) => validate.models(selector, v)));
  const providerKey =
    given.providerKey ??
    (await ask("Provider key (empty = any)", validate.providerKey, MANAGED_ROUTE.providerKey));
  const inferenceApi =
    given.inferenceApi ??
    (await ask("Inference API (empty = any)", validate.inferenceApi, MANAGED_ROUTE.inferenceApi));
  const baseUrl =
    given.baseUrl ?? (await ask("Base URL (empty = any)", validate.baseUrl, MANAGED_ROUTE.baseUrl));
  const compatKey = agent === "openclaw" ? "openclawCompat" : "hermesCompat";
  const compatText =
    given.compat ??
    (await ask(`Effect: ${compatKey} as JSON (empty = none)`, (v) => validate.compat(agent, v)));
  const yesNo = async (value: boolean | undefined, message: string) =>
    value ?? answer(await confirm({ ...io, message, initialValue: false }));
  const openclaw = agent === "openclaw";
  const requestBodyText = openclaw
    ? (given.requestBody ??
      (await ask("Effect: request body fields to set, as JSON (empty = none)", validate.requestBody)))
    : "";
  const removeFieldsText = openclaw
    ? (given.removeFields ??
      (await ask(
        "Effect: request body fields to remove, comma-separated (empty = none)",
        validate.removeFields,
      )))
    : "";
  const systemMessageText = openclaw
    ? (given.systemMessage ??
      (await ask(
        'Effect: system message for requests without one, as JSON {"content": ..., "unlessToolsOffered": [...]} (empty = none)',
        validate.systemMessage,
      )))
    : "";
  const reasoningTagsText = openclaw
    ? (given.reasoningTags ??
      (await ask(
        "Effect: reasoning the model writes into its reply between tags, as tag names, comma-separated, e.g. think or think,mm:think (empty = none)",
        validate.reasoningTags,
      )))
    : "";
  const textToolCalls = openclaw
    ? given.textToolCalls !== undefined
      ? textToolCallFormat(given.textToolCalls)
      : await askTextToolCalls(io)
    : undefined;
  const toolSearchOff = openclaw ? await yesNo(given.toolSearchOff, "Effect: turn Tool Search off?") : false;
  const reasoning = openclaw ? await yesNo(given.reasoning, "Effect: turn reasoning on?") : false;
  const plugin = openclaw ? await yesNo(given.plugin, "Add an OpenClaw plugin skeleton (plugin/)?") : false;
  const pluginId = plugin ? (given.pluginId ?? (await ask("Plugin id", validate.pluginId, id))) : undefined;
  // Declarative effects get derived e2e cases; a plugin's behaviour gets a case stub to write.
  const behaviour =
    given.behaviour ??
    (plugin
      ? await ask(
          "The plugin's first e2e behaviour (e2e/<name>.case.ts)",
          validate.behaviour,
          DEFAULT_BEHAVIOUR,
        )
      : DEFAULT_BEHAVIOUR);
  return {
    id,
    agent,
    description,
    evidence: splitList(evidence),
    removeWhen: removeWhen.trim(),
    selector,
    models: splitList(models),
    providerKey: providerKey || undefined,
    inferenceApi: inferenceApi || undefined,
    baseUrl: baseUrl || undefined,
    compat: parsedObject(compatText),
    requestBody: parsedObject(requestBodyText),
    removeFields: splitList(removeFieldsText),
    systemMessage: parsedObject(systemMessageText),
    reasoningTags: splitList(reasoningTagsText),
    textToolCalls,
    toolSearchOff,
    reasoning,
    pluginId,
    behaviour,
  };
}

/** What each format looks like in a reply, so the person picks the one the model writes. */
const FORMAT_HINTS: Record<TextToolCallFormat, string> = {
  "qwen-xml": "<tool_call>{...}</tool_call> blocks (Qwen, Hermes-style templates)",
  "hermes-json": 'a bare {"name": ..., "arguments": {...}} as the whole reply',
  harmony: "Harmony channel tokens, <|channel|>commentary to=functions.NAME",
};

/** A choice, not typed text: only the formats the manifest defines can be picked. */
async function askTextToolCalls(io: PromptIo): Promise<TextToolCallFormat | undefined> {
  const NONE = "none";
  const picked = answer(
    await select<TextToolCallFormat | typeof NONE>({
      ...io,
      message: "Effect: tool calls the model writes as text, to turn into real tool calls",
      options: [
        { value: NONE, label: "none" },
        ...TEXT_TOOL_CALL_FORMATS.map((format) => ({
          value: format,
          label: format,
          hint: FORMAT_HINTS[format],
        })),
      ],
    }),
  );
  return picked === NONE ? undefined : picked;
}
