/**
 * E2E cases derived from an intervention's declarative effects, so no intervention writes them by hand: one on a
 * route the manifest matches (the effects must show in the generated config and, where OpenClaw's wire form of
 * an effect is known, in the requests), one on the same route with a model no intervention matches (OpenClaw's
 * defaults, no plugin). Plugin behaviour is not declarative: its cases stay hand-written in the intervention's
 * `e2e/` folder, and the derived positive case only requires its plugins to load.
 */
import {
  appliesOnRelease,
  bodyLeaves,
  bodyValueAt,
  compareCodePoints,
  compatOf,
  MANAGED_ROUTE,
  type Manifest,
  matchesRoute,
  mergedNeedsShaping,
  mergeEffects,
  NEWEST_OPENCLAW_RELEASE,
  type ReplyShaping,
  SHAPING_PLUGIN_ID,
  type TextToolCallFormat,
} from "@model-setup/manifest";
import { STRUCTURED_TOOL_SEARCH } from "@model-setup/openclaw-config";
import { expect } from "vitest";
import { type E2ECase, type ResolvedRoute, routeContextOf } from "./case.js";
import type { E2ERun } from "./run-result.js";
import { isRecord, type JsonRecord } from "./trajectory.js";
import type { ChatRequest } from "./wire.js";

/** Names of derived cases: `<intervention id>-<suffix>`. */
export const DERIVED_SUFFIXES = {
  effects: "derived-effects",
  unmatched: "derived-unmatched-route",
  equivalent: "derived-equivalent-route",
} as const;

/**
 * The same base URL spelled another way: host in capitals, the scheme's default port written out, a trailing
 * slash. Every reader of a route must take it as the URL it denotes (the one route guard does).
 */
export function respelledBaseUrl(baseUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return undefined;
  }
  const port = url.port || (url.protocol === "https:" ? "443" : url.protocol === "http:" ? "80" : "");
  if (port === "") return undefined;
  const path = url.pathname.endsWith("/") ? url.pathname : `${url.pathname}/`;
  return `${url.protocol}//${url.hostname.toUpperCase()}:${port}${path}${url.search}`;
}

const CALL_ID = "call_derived_1";
/** One harmless tool turn, so the follow-up request carries a tool result (some wire forms show only there). */
const MOCK: E2ECase["mock"] = [
  { toolCalls: [{ id: CALL_ID, name: "exec", arguments: { command: "echo derived-case" } }] },
  { content: "done" },
];
const PROMPT = "Print a marker.";
const COMMAND = "echo derived-case";
/** Reasoning a derived reply writes into its text; shaping must keep it out of the answer and the history. */
const LEAKED = "derived-reasoning";
const ANSWER = "done";

/** The derived case's exec call written as text in each format (as the evidence of each shows it). */
const TEXT_CALLS: Record<TextToolCallFormat, string> = {
  "qwen-xml": `<tool_call>\n<function=exec>\n<parameter=command>\n${COMMAND}\n</parameter>\n</function>\n</tool_call>`,
  "hermes-json": JSON.stringify({ arguments: { command: COMMAND }, name: "exec" }),
  harmony: `<|channel|>analysis<|message|>Run the marker.<|end|><|start|>assistant<|channel|>commentary to=functions.exec <|constrain|>json<|message|>${JSON.stringify({ command: COMMAND })}<|call|>`,
};

/**
 * The derived turn for a route's reply shaping: the tool call written as text in the route's format (else a real
 * call), after reasoning that ends in an orphan closing tag (the form OpenClaw itself leaves in the answer or the
 * history), and a final answer after a tagged section.
 */
function derivedMock(reply: ReplyShaping): E2ECase["mock"] {
  if (reply.reasoningTags === undefined && reply.textToolCalls === undefined) return MOCK;
  const tag = reply.reasoningTags?.tags[0];
  const leak = tag === undefined ? "" : `${LEAKED}</${tag}>\n\n`;
  const first: E2ECase["mock"][number] =
    reply.textToolCalls === undefined
      ? { content: leak === "" ? undefined : leak, toolCalls: (MOCK[0] as { toolCalls: never }).toolCalls }
      : { content: `${leak}${TEXT_CALLS[reply.textToolCalls]}`, finishReason: "stop" };
  const final = tag === undefined ? ANSWER : `<${tag}>${LEAKED}</${tag}>\n${ANSWER}`;
  return [first, { content: final }];
}

/** Reasoning tags shaped: no tag and none of the reasoning in the final answer or in what the model is sent back. */
function expectReasoningKeptOut(run: E2ERun, tags: readonly string[]): void {
  const leaked = (text: string) => text.includes(LEAKED) || tags.some((tag) => text.includes(`</${tag}>`));
  expect(run.turn.final, "the final answer").toBe(ANSWER);
  for (const request of run.chatRequests.slice(1)) {
    for (const message of request.messages()) {
      if (message.role !== "assistant") continue;
      const content =
        typeof message.content === "string" ? message.content : JSON.stringify(message.content ?? "");
      expect(leaked(content), `reasoning replayed as the answer: ${content}`).toBe(false);
    }
  }
}

type Merged = ReturnType<typeof mergeEffects>["merged"];

/** A wire check of one compat setting: whether it applies to the value (and the route's effects), and the check. */
interface WireForm {
  applies(value: unknown, merged: Merged): boolean;
  check(value: unknown, run: E2ERun): void;
}

/**
 * The wire form of a compat setting, where OpenClaw's is known (each was first seen in a hand-written case on the
 * real OpenClaw). A setting not listed here is checked in the generated config only.
 */
const COMPAT_ON_THE_WIRE: Record<string, WireForm> = {
  maxTokensField: {
    applies: () => true,
    check(value, run) {
      const other = value === "max_tokens" ? "max_completion_tokens" : "max_tokens";
      for (const request of run.chatRequests) {
        expect(request.body[String(value)], `${value} in the request`).toBeTypeOf("number");
        expect(request.body, `no ${other} in the request`).not.toHaveProperty(other);
      }
    },
  },
  requiresToolResultName: {
    applies: (value) => value === true,
    check(_value, run) {
      const toolMessages = run.chatRequests.flatMap((request) => request.toolMessages());
      expect(toolMessages.length, "tool results in the follow-up request").toBeGreaterThan(0);
      for (const message of toolMessages) expect(message.name, "the tool result's name").toBe("exec");
    },
  },
  supportsUsageInStreaming: {
    applies: (value) => value === true,
    check(_value, run) {
      for (const request of run.chatRequests) {
        expect(request.body.stream_options, "usage requested in the stream").toMatchObject({
          include_usage: true,
        });
      }
    },
  },
  thinkingFormat: {
    applies: (value, merged) => value === "openrouter" && merged.reasoning,
    check(_value, run) {
      for (const request of run.chatRequests) {
        expect(request.body.reasoning, "reasoning in the openrouter form").toEqual({
          effort: expect.any(String),
        });
        expect(request.body, "no reasoning_effort in the request").not.toHaveProperty("reasoning_effort");
      }
    },
  },
};

/** Whether an intervention's own effects show on the wire in a form these cases check. */
function hasWireForm(manifest: Manifest, merged: Merged): boolean {
  const compat = Object.entries(compatOf(manifest.effects));
  return (
    manifest.effects.openclawTools !== undefined ||
    manifest.effects.openclawReplyShaping !== undefined ||
    // Removals and the tool-less system message change only what OpenClaw would not send anyway on a plain turn:
    // their own cases prove them (a user-set field, a request without system message).
    manifest.effects.openclawRequestBody?.set !== undefined ||
    compat.some(([key, value]) => COMPAT_ON_THE_WIRE[key]?.applies(value, merged) ?? false)
  );
}

/**
 * How the first request offers tools for a Tool Search setting (seen on 2026.7.1, 2026.8.2 and 2026.9.6): `true`
 * is OpenClaw's code bridge (`tool_search_code`), the structured default offers `tool_search` (with
 * `tool_describe` and `tool_call`), `false` offers every tool directly.
 */
function expectToolDisclosure(request: ChatRequest | undefined, toolSearch: boolean | undefined): void {
  const names = request?.toolNames() ?? [];
  if (toolSearch === true) {
    expect(names, "Tool Search's code bridge offered").toContain("tool_search_code");
    return;
  }
  expect(names, "no code bridge (tool_search_code)").not.toContain("tool_search_code");
  if (toolSearch === false) {
    expect(names, "no structured Tool Search").not.toContain("tool_search");
    expect(names, "tools offered directly").toContain("exec");
  } else {
    expect(names, "structured Tool Search (tool_search) offered").toContain("tool_search");
  }
}

function providerEntry(run: E2ERun, providerKey: string): JsonRecord {
  const models = isRecord(run.config.models) ? run.config.models : {};
  const providers = isRecord(models.providers) ? models.providers : {};
  const entry = providers[providerKey];
  return isRecord(entry) ? entry : {};
}

type DerivedRoute = Omit<ResolvedRoute, "reasoning">;

/** The route the manifest's predicates name; a predicate it leaves open takes the managed route's value. */
function matchedRoute(manifest: Manifest): DerivedRoute {
  const { match } = manifest;
  const prefix = match.modelIdPrefixes?.[0];
  const model = match.modelIds?.[0] ?? (prefix ? `e2e/${prefix}-derived` : "e2e/any-model");
  return {
    model,
    providerKey: match.providerKey ?? MANAGED_ROUTE.providerKey,
    inferenceApi: match.inferenceApi ?? MANAGED_ROUTE.inferenceApi,
    baseUrl: match.baseUrl ?? MANAGED_ROUTE.baseUrl,
    ...(match.upstreamProvider === undefined ? {} : { upstreamProvider: match.upstreamProvider }),
  };
}

/**
 * A near miss of the manifest's own selector that no intervention matches on the route: an exact id with a suffix
 * (ids match exactly), a prefix followed by a digit (a prefix must be followed by `.` or `-`); else a generic
 * model; undefined when every model is matched (a wildcard).
 */
function unmatchedModel(
  manifest: Manifest,
  route: DerivedRoute,
  all: readonly Manifest[],
): string | undefined {
  const { modelIds, modelIdPrefixes } = manifest.match;
  const nearMisses = [
    ...(modelIds?.[0] ? [`${modelIds[0]}-unmatched`] : []),
    ...(modelIdPrefixes?.[0] ? [`e2e/${modelIdPrefixes[0]}0`] : []),
    "e2e/unmatched-model",
  ];
  return nearMisses.find(
    (model) => !all.some((other) => matchesRoute(other.match, routeContextOf({ ...route, model }))),
  );
}

/**
 * The derived cases of one openclaw intervention on one OpenClaw release; `all` is every intervention of the
 * workspace. Only the interventions whose range takes the release are staged for it, so the expected effects are
 * theirs: on a release outside its own range, an intervention's positive case proves it is absent.
 */
export function deriveCases(
  manifest: Manifest,
  all: readonly Manifest[],
  release = NEWEST_OPENCLAW_RELEASE,
): E2ECase[] {
  if (manifest.agent !== "openclaw") return [];
  const route = matchedRoute(manifest);
  const staged = all.filter((other) => appliesOnRelease(other.openclaw, release));
  const applied = staged.includes(manifest);
  const onRoute = staged.filter(
    (other) => other.agent === "openclaw" && matchesRoute(other.match, routeContextOf(route)),
  );
  const { merged } = mergeEffects(
    [...onRoute]
      .sort((a, b) => compareCodePoints(a.id, b.id))
      .map((other) => ({ source: other.id, effects: other.effects })),
  );
  /** What OpenClaw did with the route's effects: the wire requests and the executed calls, no config. */
  function onTheWire(run: E2ERun) {
    for (const [key, value] of Object.entries(merged.openclawCompat)) {
      const form = COMPAT_ON_THE_WIRE[key];
      if (form?.applies(value, merged)) form.check(value, run);
    }
    for (const { path, value } of bodyLeaves(merged.requestBody)) {
      for (const request of run.chatRequests) {
        expect(bodyValueAt(request.body, path), `${path.join(".")} in the request body`).toEqual(value);
      }
    }
    for (const field of merged.requestBodyRemove) {
      for (const request of run.chatRequests)
        expect(request.body, `no ${field} in the request`).not.toHaveProperty(field);
    }
    expectToolDisclosure(run.chatRequests[0], merged.toolSearch);
    // Reasoning on shows in the model entry only: at OpenClaw's default thinking level the request carries no
    // reasoning parameter unless a compat setting (thinkingFormat) asks for one (seen on 2026.9.6).
    expect(
      run.trajectory.executedToolCalls().map((call) => call.args),
      "the executed calls",
    ).toEqual([{ command: COMMAND }]);
    const tags = merged.replyShaping.reasoningTags?.tags;
    if (tags) expectReasoningKeptOut(run, tags);
  }
  const cases: E2ECase[] = [
    {
      name: `${manifest.id}-${DERIVED_SUFFIXES.effects}`,
      description: applied
        ? "the manifest's effects show in the generated config and on the wire"
        : `not applied on OpenClaw ${release} (its range is ${manifest.openclaw}): the route gets the other interventions' effects only`,
      route: { ...route },
      prompt: PROMPT,
      plugins: [
        ...merged.plugins.map((plugin) => plugin.id),
        ...(mergedNeedsShaping(merged) ? [SHAPING_PLUGIN_ID] : []),
      ].sort(),
      mock: derivedMock(merged.replyShaping),
      necessity: applied && hasWireForm(manifest, merged) ? onTheWire : false,
      assert(run) {
        const [entry] = run.modelEntries;
        const compat = Object.keys(merged.openclawCompat).length > 0 ? merged.openclawCompat : undefined;
        expect(entry?.compat).toEqual(compat);
        expect(entry?.reasoning).toBe(merged.reasoning);
        expect(run.config.tools).toEqual({ toolSearch: merged.toolSearch ?? STRUCTURED_TOOL_SEARCH });
        const request = providerEntry(run, route.providerKey).request;
        if (Object.keys(merged.providerRequest).length > 0) expect(request).toEqual(merged.providerRequest);
        else expect(request).toBeUndefined();
        onTheWire(run);
      },
    },
  ];
  const model = unmatchedModel(manifest, route, all);
  if (model) {
    cases.push({
      name: `${manifest.id}-${DERIVED_SUFFIXES.unmatched}`,
      description: `a near miss no intervention matches (${model}) keeps OpenClaw's defaults`,
      route: { ...route, model },
      prompt: PROMPT,
      plugins: [],
      mock: MOCK,
      necessity: false,
      assert(run) {
        const [entry] = run.modelEntries;
        expect(entry?.compat).toBeUndefined();
        expect(entry?.reasoning).toBe(false);
        expect(run.config.tools).toEqual({ toolSearch: STRUCTURED_TOOL_SEARCH });
        expect(providerEntry(run, route.providerKey).request).toBeUndefined();
        expect(isRecord(run.config.agents) ? run.config.agents.defaults : undefined).toEqual({
          model: expect.anything(),
        });
        expectToolDisclosure(run.chatRequests[0], undefined);
      },
    });
  }
  const positive = cases[0] as E2ECase;
  const respelled = respelledBaseUrl(route.baseUrl);
  if (applied && respelled && positive.plugins.length > 0) {
    // A fix a plugin applies must hold on the route however its base URL is written.
    cases.push({
      ...positive,
      name: `${manifest.id}-${DERIVED_SUFFIXES.equivalent}`,
      description: `the same route written ${respelled} gets and applies the same fixes`,
      route: { ...route, baseUrl: respelled },
      necessity: false,
    });
  }
  return cases;
}
