/** Command-line flags: every answer can be given up front; `--yes` takes defaults for the rest and never prompts. */
import { parseArgs } from "node:util";
import { type Agent, MANAGED_ROUTE, TEXT_TOOL_CALL_FORMATS } from "@model-setup/manifest";
import {
  DEFAULT_BEHAVIOUR,
  parseCompat,
  parsedObject,
  type ScaffoldSpec,
  type Selector,
  splitList,
  textToolCallFormat,
  validate,
} from "./spec.js";

export const USAGE = `usage: create-intervention [flags]            (pnpm create intervention / pnpm create-intervention)

Scaffolds interventions/<id>/ in the pnpm workspace: package.json, manifest.json, README.md, CHANGELOG.md,
tsconfig.json, test/manifest.test.ts and, with --plugin, plugin/ and e2e/<behaviour>.case.ts (todo: the plugin's
behaviour). The e2e harness derives the cases of declarative effects from the manifest.
Asks for anything not given; with --yes it never asks and fails on what is missing.

  --id ID                  intervention id = folder name = @model-setup/<id>
  --agent openclaw|hermes  default openclaw
  --description TEXT       why the intervention exists
  --evidence A,B           proof the defect is real: #123 / owner/repo#123, https URLs, e2e:<case name>
  --remove-when TEXT       when the intervention can be deleted
  --model-ids A,B          exact routed model ids            (one of these two)
  --model-prefixes A,B     bare model id family prefixes
  --provider-key KEY       default ${MANAGED_ROUTE.providerKey} ("" = any provider)
  --api NAME               default ${MANAGED_ROUTE.inferenceApi} ("" = any API)
  --base-url URL           default ${MANAGED_ROUTE.baseUrl} ("" = any base URL)
  --compat JSON            openclawCompat (or hermesCompat) object
  --request-body JSON      effect: fields set in every request (openclaw), e.g. {"chat_template_kwargs":{"thinking":false}}
  --remove-fields A,B      effect: top-level request fields removed from every request (openclaw), e.g. thinking
  --system-message JSON    effect: {"content": TEXT, "unlessToolsOffered": [NAMES]}, a system message put first in
                           requests with none that offer none of those tools (openclaw)
  --reasoning-tags A,B     effect: reasoning the model writes into its reply between these tags (or before an
                           orphan closing one) moves into reasoning (openclaw), e.g. think or think,mm:think
  --text-tool-calls FORMAT effect: tool calls the model writes as text in this format become real tool calls
                           (openclaw): ${TEXT_TOOL_CALL_FORMATS.join(", ")}
  --tool-search-off        effect: Tool Search off (openclaw)
  --reasoning              effect: reasoning on (openclaw)
  --plugin                 add a plugin skeleton (openclaw); --plugin-id ID, default the intervention id
  --behaviour NAME         with --plugin: e2e case e2e/<NAME>.case.ts, default ${DEFAULT_BEHAVIOUR}
  --workspace DIR          workspace root (default: nearest folder with pnpm-workspace.yaml)

  --from-upstream DIR      instead: import every manifest of an upstream NemoClaw registry (DIR/model-specific-setup,
                           or DIR itself, with its openclaw-plugins/ beside it) as intervention packages: manifest,
                           plugin moved in, README stub, todo e2e case, changeset. Takes --evidence (required: what
                           shows the defects, e.g. the upstream registry's URL) and --remove-when; all or nothing;
                           a package already imported the same way is left as it is
  -y, --yes                non-interactive
  -h, --help`;

const OPTIONS = {
  id: { type: "string" },
  agent: { type: "string" },
  description: { type: "string" },
  evidence: { type: "string" },
  "remove-when": { type: "string" },
  "model-ids": { type: "string" },
  "model-prefixes": { type: "string" },
  "provider-key": { type: "string" },
  api: { type: "string" },
  "base-url": { type: "string" },
  compat: { type: "string" },
  "request-body": { type: "string" },
  "remove-fields": { type: "string" },
  "system-message": { type: "string" },
  "reasoning-tags": { type: "string" },
  "text-tool-calls": { type: "string" },
  "tool-search-off": { type: "boolean" },
  reasoning: { type: "boolean" },
  plugin: { type: "boolean" },
  "plugin-id": { type: "string" },
  behaviour: { type: "string" },
  workspace: { type: "string" },
  "from-upstream": { type: "string" },
  yes: { type: "boolean", short: "y" },
  help: { type: "boolean", short: "h" },
} as const;

/** Answers given as flags; undefined means "not given" (ask, or take the default with --yes). */
export interface Given {
  id?: string;
  agent?: Agent;
  description?: string;
  evidence?: string;
  removeWhen?: string;
  selector?: Selector;
  models?: string;
  providerKey?: string;
  inferenceApi?: string;
  baseUrl?: string;
  compat?: string;
  requestBody?: string;
  removeFields?: string;
  systemMessage?: string;
  reasoningTags?: string;
  textToolCalls?: string;
  toolSearchOff?: boolean;
  reasoning?: boolean;
  plugin?: boolean;
  pluginId?: string;
  behaviour?: string;
}

export interface Invocation {
  given: Given;
  /** Import an upstream registry instead of scaffolding one intervention. */
  fromUpstream?: string;
  yes: boolean;
  help: boolean;
  workspace?: string;
}

/** Parses argv; throws an Error whose message is for the user. */
export function parseInvocation(argv: string[]): Invocation {
  const { values } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true });
  if (values.agent !== undefined && values.agent !== "openclaw" && values.agent !== "hermes") {
    throw new Error(`--agent must be openclaw or hermes, not ${values.agent}`);
  }
  if (values["model-ids"] !== undefined && values["model-prefixes"] !== undefined) {
    throw new Error("--model-ids and --model-prefixes are exclusive: an intervention uses one selector");
  }
  const selector: Selector | undefined =
    values["model-ids"] !== undefined
      ? "modelIds"
      : values["model-prefixes"] !== undefined
        ? "modelIdPrefixes"
        : undefined;
  const given: Given = {
    id: values.id,
    agent: values.agent as Agent | undefined,
    description: values.description,
    evidence: values.evidence,
    removeWhen: values["remove-when"],
    selector,
    models: values["model-ids"] ?? values["model-prefixes"],
    providerKey: values["provider-key"],
    inferenceApi: values.api,
    baseUrl: values["base-url"],
    compat: values.compat,
    requestBody: values["request-body"],
    removeFields: values["remove-fields"],
    systemMessage: values["system-message"],
    reasoningTags: values["reasoning-tags"],
    textToolCalls: values["text-tool-calls"],
    toolSearchOff: values["tool-search-off"],
    reasoning: values.reasoning,
    plugin: values.plugin ?? (values["plugin-id"] !== undefined ? true : undefined),
    pluginId: values["plugin-id"],
    behaviour: values.behaviour,
  };
  const fromUpstream = values["from-upstream"];
  if (fromUpstream !== undefined) {
    const scaffolding = Object.entries(given)
      .filter(([key, value]) => value !== undefined && key !== "evidence" && key !== "removeWhen")
      .map(([key]) => key);
    if (scaffolding.length > 0) {
      throw new Error(
        `--from-upstream takes its ids, routes and effects from the upstream manifests; only --evidence and --remove-when apply (not ${scaffolding.join(", ")})`,
      );
    }
  }
  return {
    given,
    yes: values.yes ?? false,
    help: values.help ?? false,
    workspace: values.workspace,
    ...(fromUpstream === undefined ? {} : { fromUpstream }),
  };
}

/** Default removal condition of an imported intervention. */
export const IMPORTED_REMOVE_WHEN =
  "Upstream NemoClaw no longer carries the record it was imported from, and its e2e case passes without it.";

/** The answers an upstream import needs; lists every problem at once. */
export function importAnswers(
  given: Given,
): { ok: true; answers: { evidence: string[]; removeWhen: string } } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  if (given.evidence === undefined) {
    problems.push(
      "--evidence is required: upstream records carry no proof, so cite what shows the defects (the upstream registry's URL, an issue)",
    );
  } else {
    const issue = validate.evidence(given.evidence);
    if (issue) problems.push(`--evidence: ${issue}`);
  }
  const removeWhen = given.removeWhen ?? IMPORTED_REMOVE_WHEN;
  const issue = validate.removeWhen(removeWhen);
  if (issue) problems.push(`--remove-when: ${issue}`);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    answers: { evidence: splitList(given.evidence as string), removeWhen: removeWhen.trim() },
  };
}

/**
 * Every value given as a flag, checked as that flag; what is not given is not checked (its default is valid, or a
 * prompt asks for it). An interactive run checks these before asking anything, as a --yes run does.
 */
export function givenProblems(given: Given): string[] {
  const problems: string[] = [];
  const check = (flag: string, value: string | undefined, rule: (value: string) => string | undefined) => {
    const message = value === undefined ? undefined : rule(value);
    if (message) problems.push(`--${flag}: ${message}`);
  };
  check("id", given.id, validate.id);
  check("description", given.description, validate.description);
  check("evidence", given.evidence, validate.evidence);
  check("remove-when", given.removeWhen, validate.removeWhen);
  const selector = given.selector;
  if (selector !== undefined) {
    const flag = selector === "modelIds" ? "model-ids" : "model-prefixes";
    check(flag, given.models, (value) => validate.models(selector, value));
  }
  check("provider-key", given.providerKey, validate.providerKey);
  check("api", given.inferenceApi, validate.inferenceApi);
  check("base-url", given.baseUrl, validate.baseUrl);
  // Compat keys depend on the agent; until it is chosen, only the JSON itself can be checked.
  const agent = given.agent;
  check("compat", given.compat, (value) => {
    if (agent !== undefined) return validate.compat(agent, value);
    const parsed = parseCompat(value);
    return parsed.ok ? undefined : parsed.message;
  });
  check("request-body", given.requestBody, validate.requestBody);
  check("remove-fields", given.removeFields, validate.removeFields);
  check("system-message", given.systemMessage, validate.systemMessage);
  check("reasoning-tags", given.reasoningTags, validate.reasoningTags);
  check("text-tool-calls", given.textToolCalls, validate.textToolCalls);
  check("plugin-id", given.pluginId, validate.pluginId);
  check("behaviour", given.behaviour, validate.behaviour);
  return problems;
}

/** Non-interactive: the flags plus defaults, every value validated; lists every problem at once. */
export function specFromFlags(
  given: Given,
): { ok: true; spec: ScaffoldSpec } | { ok: false; problems: string[] } {
  const agent = given.agent ?? "openclaw";
  const problems: string[] = [];
  if (given.id === undefined) problems.push("--id is required");
  if (given.description === undefined) problems.push("--description is required");
  if (given.evidence === undefined)
    problems.push("--evidence is required: cite the issue or case that shows the defect");
  if (given.removeWhen === undefined) problems.push("--remove-when is required: say when it can be deleted");
  if (given.selector === undefined || given.models === undefined) {
    problems.push("--model-ids or --model-prefixes is required");
  }
  problems.push(...givenProblems({ ...given, agent }));
  const providerKey = given.providerKey ?? MANAGED_ROUTE.providerKey;
  const inferenceApi = given.inferenceApi ?? MANAGED_ROUTE.inferenceApi;
  const baseUrl = given.baseUrl ?? MANAGED_ROUTE.baseUrl;
  // Without --plugin-id the plugin takes the intervention's id, which must then be a plugin id too.
  const pluginId = given.plugin ? (given.pluginId ?? given.id ?? "") : undefined;
  if (pluginId !== undefined && given.pluginId === undefined) {
    const issue = validate.pluginId(pluginId);
    if (issue) problems.push(`--plugin-id: ${issue}`);
  }
  const behaviour = given.behaviour ?? DEFAULT_BEHAVIOUR;
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    spec: {
      id: given.id as string,
      agent,
      description: given.description as string,
      evidence: splitList(given.evidence as string),
      removeWhen: (given.removeWhen as string).trim(),
      selector: given.selector as Selector,
      models: splitList(given.models as string),
      providerKey: providerKey || undefined,
      inferenceApi: inferenceApi || undefined,
      baseUrl: baseUrl || undefined,
      compat: parsedObject(given.compat),
      requestBody: parsedObject(given.requestBody),
      removeFields: splitList(given.removeFields ?? ""),
      systemMessage: parsedObject(given.systemMessage),
      reasoningTags: splitList(given.reasoningTags ?? ""),
      textToolCalls: textToolCallFormat(given.textToolCalls),
      toolSearchOff: given.toolSearchOff ?? false,
      reasoning: given.reasoning ?? false,
      pluginId,
      behaviour,
    },
  };
}
