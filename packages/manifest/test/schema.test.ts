import { describe, expect, it } from "vitest";
import {
  checkManifest,
  checkManifestText,
  OPENCLAW_COMPAT_KEYS,
  type Problem,
  parseManifestText,
} from "../src/index.js";
import { manifest } from "./fixtures.js";

function problemsOf(value: unknown, expectedId?: string): Problem[] {
  const result = checkManifest(value, "interventions/x/manifest.json", expectedId);
  return result.ok ? [] : result.problems;
}

function expectProblem(value: unknown, pointer: string, fragment: string | RegExp) {
  const problems = problemsOf(value);
  const hit = problems.find((p) => p.pointer === pointer);
  expect(hit, `expected a problem at ${pointer}, got ${JSON.stringify(problems)}`).toBeDefined();
  expect(hit?.message).toMatch(fragment);
  expect(hit?.file).toBe("interventions/x/manifest.json");
}

describe("manifest schema", () => {
  it("accepts a minimal valid manifest", () => {
    expect(problemsOf(manifest())).toEqual([]);
  });

  it.each([">=2026.8.0", "2026.7.x || >=2026.9.0", "<2026.9.0", "~2026.8.1", "2026.7.1 - 2026.8.2"])(
    "accepts the OpenClaw release range %s",
    (range) => {
      expect(problemsOf({ ...manifest(), openclaw: range })).toEqual([]);
    },
  );

  it.each(["latest", "", " ", ">=2026.8.0; rm -rf /", "$(date)", ">=2026.8.0 <", "^2026.8.0.1"])(
    "refuses %j as a range of OpenClaw releases",
    (range) => {
      expectProblem(
        { ...manifest(), openclaw: range },
        "/openclaw",
        /must be a semver range of OpenClaw releases/,
      );
    },
  );

  it.each(["", "nvidia prod", "$(id)", "-leading"])("refuses %j as an upstream provider", (value) => {
    const bad = { ...manifest(), match: { ...manifest().match, upstreamProvider: value } };
    const problems = problemsOf(bad);
    expect(problems.length).toBeGreaterThan(0);
    expect(new Set(problems.map((p) => p.pointer))).toEqual(new Set(["/match/upstreamProvider"]));
  });

  it.each([
    "#3046",
    "NVIDIA/NemoClaw#4851",
    "nebius/api#211",
    "https://ai.google.dev/gemini-api/docs/thought-signatures",
    "e2e:acme-9-managed-inference-exec-split",
  ])("accepts %j as evidence", (ref) => {
    expect(problemsOf(manifest({ evidence: [ref] }))).toEqual([]);
  });

  it.each([
    "#0",
    "#12a",
    "see #3046",
    "http://example.com/issue",
    "https://localhost/x",
    "https://example.com/a b",
    "javascript:alert(1)",
    "e2e:",
    "e2e:Kimi Case",
    "",
  ])("refuses %j as evidence, naming the entry", (ref) => {
    expectProblem(manifest({ evidence: [ref] }), "/evidence/0", /must be an issue reference/);
  });

  it("accepts request-body fields as data: chat_template_kwargs merged, other fields scalar", () => {
    const body = {
      set: { chat_template_kwargs: { thinking: false, level: 2 }, top_k: 20, seed: null, mode: "fast" },
    };
    expect(problemsOf(manifest({ effects: { openclawRequestBody: body } }))).toEqual([]);
  });

  it.each([
    [{ set: {} }, "/effects/openclawRequestBody/set", /at least one field/],
    [{ set: { messages: "x" } }, "/effects/openclawRequestBody/set/messages", /written by OpenClaw itself/],
    [{ set: { max_tokens: 5 } }, "/effects/openclawRequestBody/set/max_tokens", /openclawCompat/],
    [
      { set: { response_format: { type: "json" } } },
      "/effects/openclawRequestBody/set/response_format",
      /only chat_template_kwargs may be an object/,
    ],
    [
      { set: { chat_template_kwargs: true } },
      "/effects/openclawRequestBody/set/chat_template_kwargs",
      /must be an object of fields to merge/,
    ],
    [
      { set: { chat_template_kwargs: {} } },
      "/effects/openclawRequestBody/set/chat_template_kwargs",
      /at least one field/,
    ],
    [
      { set: { chat_template_kwargs: { a: { b: 1 } } } },
      "/effects/openclawRequestBody/set/chat_template_kwargs",
      /must be a boolean, number, null, plain string/,
    ],
    [
      { set: { stop: ["a"] } },
      "/effects/openclawRequestBody/set/stop",
      /must be a boolean, number, null, plain string/,
    ],
    [
      { set: { prompt: "$(reboot)" } },
      "/effects/openclawRequestBody/set/prompt",
      /must not contain shell or code/,
    ],
    [{ set: { "a.b": 1 } }, "/effects/openclawRequestBody/set/a.b", /is not a field name/],
    [{}, "/effects/openclawRequestBody", /must hold set, remove or insertSystemMessage/],
    [{ remove: [] }, "/effects/openclawRequestBody/remove", /at least one field/],
    [{ remove: ["thinking", "thinking"] }, "/effects/openclawRequestBody/remove/1", /listed twice/],
    [{ remove: ["tools"] }, "/effects/openclawRequestBody/remove/0", /written by OpenClaw itself/],
    [{ remove: ["think.*"] }, "/effects/openclawRequestBody/remove/0", /is not a field name/],
    [
      { set: { thinking: false }, remove: ["thinking"] },
      "/effects/openclawRequestBody/remove/0",
      /both set and removed/,
    ],
    [
      { insertSystemMessage: { content: "Answer fully.", unlessToolsOffered: [] } },
      "/effects/openclawRequestBody/insertSystemMessage/unlessToolsOffered",
      /at least one tool/,
    ],
    [
      { insertSystemMessage: { content: "Answer fully.", unlessToolsOffered: ["exec|bash"] } },
      "/effects/openclawRequestBody/insertSystemMessage/unlessToolsOffered/0",
      /no patterns or regular expressions/,
    ],
    [
      { insertSystemMessage: { content: "Answer fully.", unlessToolsOffered: ["exec", "EXEC"] } },
      "/effects/openclawRequestBody/insertSystemMessage/unlessToolsOffered/1",
      /listed twice/,
    ],
    [
      { insertSystemMessage: { content: "Hello {{ user }}", unlessToolsOffered: ["exec"] } },
      "/effects/openclawRequestBody/insertSystemMessage/content",
      /not a template or code/,
    ],
    [
      { insertSystemMessage: { content: "  ", unlessToolsOffered: ["exec"] } },
      "/effects/openclawRequestBody/insertSystemMessage/content",
      /must not be empty/,
    ],
    [
      { insertSystemMessage: { content: "x", unlessToolsOffered: ["exec"], when: "always" } },
      "/effects/openclawRequestBody/insertSystemMessage/when",
      /unknown field "when"/,
    ],
  ])("refuses request-body effect %j", (body, pointer, message) => {
    expectProblem(manifest({ effects: { openclawRequestBody: body } as never }), pointer, message);
  });

  it("accepts removals and a system message, and requires the provider they are applied on", () => {
    const body = {
      remove: ["thinking"],
      insertSystemMessage: { content: "You have no tools: answer in full.", unlessToolsOffered: ["exec"] },
    };
    expect(problemsOf(manifest({ effects: { openclawRequestBody: body } }))).toEqual([]);
    expectProblem(
      manifest({ match: { modelIds: ["vendor/example-1"] }, effects: { openclawRequestBody: body } }),
      "/match/providerKey",
      /required with reply shaping or a request-body remove or insertSystemMessage/,
    );
  });

  it("accepts reply shaping by named format and tag, and requires the provider it is applied on", () => {
    const reply = { reasoningTags: { tags: ["think"] }, textToolCalls: "qwen-xml" };
    expect(problemsOf(manifest({ effects: { openclawReplyShaping: reply } as never }))).toEqual([]);
    expectProblem(
      manifest({
        match: { modelIds: ["vendor/example-1"] },
        effects: { openclawReplyShaping: reply } as never,
      }),
      "/match/providerKey",
      /required with reply shaping/,
    );
  });

  it.each([
    [{}, "/effects/openclawReplyShaping", /must hold reasoningTags or textToolCalls/],
    [
      { textToolCalls: "xml" },
      "/effects/openclawReplyShaping/textToolCalls",
      /must be one of "qwen-xml", "hermes-json", "harmony"/,
    ],
    [{ textToolCalls: "/<tool_call>(.*)/" }, "/effects/openclawReplyShaping/textToolCalls", /must be one of/],
    [
      { reasoningTags: { tags: ["<think>"] } },
      "/effects/openclawReplyShaping/reasoningTags/tags/0",
      /is not a tag name/,
    ],
    [
      { reasoningTags: { tags: ["think"], close: "</x>" } },
      "/effects/openclawReplyShaping/reasoningTags/close",
      /unknown field/,
    ],
  ])("refuses reply shaping %j", (reply, pointer, message) => {
    expectProblem(manifest({ effects: { openclawReplyShaping: reply } as never }), pointer, message);
  });

  it("accepts compat defaults and refuses a key that is also plain compat", () => {
    expect(
      problemsOf(manifest({ effects: { openclawCompatDefaults: { supportsUsageInStreaming: true } } })),
    ).toEqual([]);
    expectProblem(
      manifest({
        effects: {
          openclawCompat: { supportsUsageInStreaming: true },
          openclawCompatDefaults: { supportsUsageInStreaming: true },
        },
      }),
      "/effects/openclawCompatDefaults/supportsUsageInStreaming",
      /is also in openclawCompat: keep it in one/,
    );
    expectProblem(
      manifest({ effects: { openclawCompatDefaults: { maxTokensField: "tokens" } } as never }),
      "/effects/openclawCompatDefaults/maxTokensField",
      /must be one of/,
    );
  });

  it("keeps the shared shaping plugin id for the shared plugin", () => {
    expectProblem(
      manifest({ effects: { openclawPlugins: [{ id: "model-setup-shaping", path: "plugin" }] } }),
      "/effects/openclawPlugins/0/id",
      /shared shaping plugin/,
    );
  });

  it("refuses a prototype key in the request body instead of dropping it", () => {
    const text = JSON.stringify(manifest({ effects: { openclawRequestBody: { set: { x: 1 } } } })).replace(
      '"x":1',
      '"x":1,"__proto__":{"polluted":true}',
    );
    const result = checkManifestText(text, "interventions/x/manifest.json");
    expect(result.ok).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses the same evidence twice", () => {
    expectProblem(manifest({ evidence: ["#1", "#2", "#1"] }), "/evidence/2", /duplicate piece of evidence/);
  });

  it("refuses a range of OpenClaw releases on a hermes intervention", () => {
    const hermes = {
      ...manifest(),
      agent: "hermes",
      effects: { hermesCompat: { a: true } },
      openclaw: ">=2026.8.0",
    };
    expectProblem(hermes, "/openclaw", /applies to openclaw interventions only/);
  });

  it.each([
    [{ ...manifest(), extra: 1 }, "/extra"],
    [{ ...manifest(), match: { ...manifest().match, modelId: "x" } }, "/match/modelId"],
    [{ ...manifest(), effects: { openclawTool: { toolSearch: false } } }, "/effects/openclawTool"],
    [
      { ...manifest(), effects: { openclawTools: { toolSearch: false, codeMode: true } } },
      "/effects/openclawTools/codeMode",
    ],
    [
      { ...manifest(), effects: { openclawPlugins: [{ id: "p", path: "plugin", loadPath: "/x" }] } },
      "/effects/openclawPlugins/0/loadPath",
    ],
  ])("refuses unknown fields anywhere (%#)", (value, pointer) => {
    expectProblem(value, pointer, /unknown field/);
  });

  it("reports a missing required field with its pointer", () => {
    const { description: _, ...rest } = manifest();
    expectProblem(rest, "/description", /required field is missing/);
  });

  it.each([
    [{ match: null }, "/match", "expected object, found null: fix the value"],
    [
      { effects: { openclawCompat: false } },
      "/effects/openclawCompat",
      "expected object, found a boolean: fix the value",
    ],
    [{ description: 5 }, "/description", "expected string, found a number: fix the value"],
    [{ agent: ["openclaw"] }, "/agent", /must be one of|found an array/],
  ])("tells a present field of the wrong type from a missing one (%#)", (override, pointer, message) => {
    const problems = problemsOf({ ...manifest(), ...override });
    expect(problems.find((p) => p.pointer === pointer)?.message).toEqual(
      typeof message === "string" ? message : expect.stringMatching(message),
    );
    expect(problems.map((p) => p.message).join("\n")).not.toMatch(/required field is missing/);
  });

  it.each([
    ["description", { description: "   " }, "/description", /must not be empty/],
    ["removeWhen", { removeWhen: " " }, "/removeWhen", /say when this intervention can be deleted/],
    ["evidence", { evidence: [] }, "/evidence", /at least one piece of evidence/],
    ["id", { id: "" }, "/id", /must not be empty/],
    ["modelIds", { match: { modelIds: [] } }, "/match/modelIds", /at least one model id/],
    ["match", { match: {} }, "/match", /at least one predicate/],
    ["effects", { effects: {} }, "/effects", /at least one effect/],
  ])("refuses an empty %s", (_, override, pointer, fragment) => {
    expectProblem({ ...manifest(), ...override }, pointer, fragment);
  });

  it("refuses an id that is not the folder name", () => {
    const problems = problemsOf(manifest({ id: "other" }), "example-managed-inference");
    expect(problems).toEqual([
      expect.objectContaining({
        pointer: "/id",
        message: expect.stringMatching(/must equal the package folder name/),
      }),
    ]);
  });

  it("refuses an id with upper case or spaces", () => {
    expectProblem(manifest({ id: "Kimi K2" }), "/id", /\^\[a-z0-9\]/);
  });

  it("refuses modelIds together with modelIdPrefixes", () => {
    expectProblem(
      { ...manifest(), match: { modelIds: ["a/b"], modelIdPrefixes: ["gpt-5"] } },
      "/match/modelIdPrefixes",
      /exclusive/,
    );
  });

  it("refuses a prefix with a namespace", () => {
    expectProblem(
      { ...manifest(), match: { modelIdPrefixes: ["openai/gpt-5"] } },
      "/match/modelIdPrefixes/0",
      /bare family/,
    );
  });

  it("refuses duplicate model ids, compared like the matcher does", () => {
    expectProblem({ ...manifest(), match: { modelIds: ["a/b", " A/B "] } }, "/match/modelIds/1", /duplicate/);
  });

  it("refuses an unknown compat key and a wrong compat value type", () => {
    expectProblem(
      { ...manifest(), effects: { openclawCompat: { fooBarUnknown: true } } },
      "/effects/openclawCompat/fooBarUnknown",
      /unknown field/,
    );
    expectProblem(
      { ...manifest(), effects: { openclawCompat: { requiresToolResultName: "yes" } } },
      "/effects/openclawCompat/requiresToolResultName",
      /expected boolean/,
    );
    expectProblem(
      { ...manifest(), effects: { openclawCompat: { maxTokensField: "max_output_tokens" } } },
      "/effects/openclawCompat/maxTokensField",
      /one of "max_completion_tokens", "max_tokens"/,
    );
  });

  it.each([
    [
      { reasoningEffortMap: JSON.parse('{"__proto__": "high"}') },
      "/effects/openclawCompat/reasoningEffortMap/__proto__",
      /not allowed as a key/,
    ],
    [
      { reasoningEffortMap: { high: "$(reboot)" } },
      "/effects/openclawCompat/reasoningEffortMap/high",
      /shell or code characters \(found "\$"\)/,
    ],
    [
      { visibleReasoningDetailTypes: ["ok", "a;b"] },
      "/effects/openclawCompat/visibleReasoningDetailTypes/1",
      /shell or code/,
    ],
    [
      { openRouterRouting: { sort: { by: "`id`" } } },
      "/effects/openclawCompat/openRouterRouting/sort/by",
      /shell or code/,
    ],
    [
      { openRouterRouting: { max_price: JSON.parse('{"__proto__": {"prompt": 1}}') } },
      "/effects/openclawCompat/openRouterRouting/max_price/__proto__",
      /unknown field "__proto__"/,
    ],
    [{ toolSchemaProfile: "gemini|x" }, "/effects/openclawCompat/toolSchemaProfile", /shell or code/],
  ])("holds strings and keys nested in compat values to the same rules (%#)", (compat, pointer, message) => {
    expectProblem({ ...manifest(), effects: { openclawCompat: compat } }, pointer, message);
  });

  it("accepts plain nested compat values", () => {
    const compat = {
      reasoningEffortMap: { high: "max" },
      openRouterRouting: { sort: { by: "price" }, max_price: { prompt: 1 } },
    };
    expect(problemsOf({ ...manifest(), effects: { openclawCompat: compat } })).toEqual([]);
  });

  it("refuses effects of the other agent", () => {
    expectProblem(
      { ...manifest(), agent: "hermes", effects: { openclawTools: { toolSearch: false } } },
      "/effects/openclawTools",
      /effect of the other agent.*agent is hermes/,
    );
    expectProblem(
      { ...manifest(), effects: { hermesCompat: { flag: true } } },
      "/effects/hermesCompat",
      /effect of the other agent.*agent is openclaw/,
    );
  });

  it("accepts the provider request effect and refuses unknown or empty request options", () => {
    expect(
      problemsOf({ ...manifest(), effects: { openclawProviderRequest: { allowPrivateNetwork: true } } }),
    ).toEqual([]);
    expectProblem(
      { ...manifest(), effects: { openclawProviderRequest: { headers: { a: "b" } } } },
      "/effects/openclawProviderRequest/headers",
      /unknown field/,
    );
    expectProblem(
      { ...manifest(), effects: { openclawProviderRequest: {} } },
      "/effects/openclawProviderRequest",
      /at least one option/,
    );
    expectProblem(
      { ...manifest(), agent: "hermes", effects: { openclawProviderRequest: { allowPrivateNetwork: true } } },
      "/effects/openclawProviderRequest",
      /other agent/,
    );
  });

  it("accepts hermes effects in a hermes manifest", () => {
    expect(problemsOf({ ...manifest(), agent: "hermes", effects: { hermesCompat: { flag: true } } })).toEqual(
      [],
    );
  });

  it.each([
    ["/plugin", /not absolute/],
    ["../other/plugin", /'\.' or '\.\.'/],
    ["plugin/../../x", /'\.' or '\.\.'/],
    ["./plugin", /'\.' or '\.\.'/],
    ["plugin\\win", /plain relative path/],
  ])("refuses plugin path %s", (path, fragment) => {
    expectProblem(
      { ...manifest(), effects: { openclawPlugins: [{ id: "p", path }] } },
      "/effects/openclawPlugins/0/path",
      fragment,
    );
  });

  it.each([
    ["/match/modelIds/0", { match: { modelIds: ["vendor/model$(id)"] } }],
    ["/match/modelIds/0", { match: { modelIds: ["model; rm -rf"] } }],
    ["/match/providerKey", { match: { providerKey: "inference`id`" } }],
    ["/match/baseUrl", { match: { baseUrl: "https://inference.local/v1;curl x" } }],
    ["/match/inferenceApi", { match: { inferenceApi: "openai|sh" } }],
    [
      "/effects/openclawCompat/toolSchemaProfile",
      { effects: { openclawCompat: { toolSchemaProfile: "$(reboot)" } } },
    ],
    [
      "/effects/openclawCompat/reasoningEffortMap/high",
      { effects: { openclawCompat: { reasoningEffortMap: { high: "a;b" } } } },
    ],
  ])("refuses shell or code at %s", (pointer, override) => {
    expectProblem({ ...manifest(), ...override }, pointer, /shell or code/);
  });

  it("allows free text in the description", () => {
    expect(
      problemsOf(manifest({ description: "Splits `hostname; date; uptime` into three calls." })),
    ).toEqual([]);
  });

  it("refuses a base URL with credentials or a query", () => {
    expectProblem(
      { ...manifest(), match: { baseUrl: "https://user:pw@inference.local/v1" } },
      "/match/baseUrl",
      /without credentials/,
    );
    expectProblem(
      { ...manifest(), match: { baseUrl: "https://inference.local/v1?x=1" } },
      "/match/baseUrl",
      /shell or code|without credentials/,
    );
  });

  it("reports bad JSON with the file", () => {
    const result = checkManifestText("{ nope", "m.json");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]?.message).toMatch(/not valid JSON/);
  });

  it("treats __proto__ as an unknown field, never as a prototype", () => {
    const text = JSON.stringify(manifest()).replace('"id"', '"__proto__":{"polluted":true},"id"');
    expect(() => parseManifestText(text, "m.json")).toThrow(/unknown field "__proto__"/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("lists every problem, not only the first", () => {
    const problems = problemsOf({ id: "X", agent: "robot", match: {}, effects: {} });
    expect(problems.map((p) => p.pointer).sort()).toEqual([
      "/agent",
      "/description",
      "/evidence",
      "/id",
      "/match",
      "/removeWhen",
    ]);
  });

  it("knows the OpenClaw compat keys, sorted", () => {
    expect(OPENCLAW_COMPAT_KEYS).toContain("requiresToolResultName");
    expect(OPENCLAW_COMPAT_KEYS).toHaveLength(35);
    expect([...OPENCLAW_COMPAT_KEYS].sort()).toEqual(OPENCLAW_COMPAT_KEYS);
  });
});
