import { canonicalJson, MANAGED_ROUTE } from "@model-setup/manifest";
import { describe, expect, it } from "vitest";
import {
  EffectConflictError,
  generateConfig,
  STRUCTURED_TOOL_SEARCH,
  USER_COMPAT_SOURCE,
} from "../src/index.js";
import { managedRoute, record } from "./helpers/setup-dir.js";

const route = managedRoute("acme/widget-7b");
const widget = (effects: Parameters<typeof record>[2], id = "widget-fix") =>
  record(id, { modelIds: ["acme/widget-7b"], ...MANAGED_ROUTE }, effects);

function modelOf(config: ReturnType<typeof generateConfig>) {
  const model = config.models.providers.inference?.models[0];
  if (!model) throw new Error("no model entry");
  return model;
}

describe("generateConfig", () => {
  it("writes the provider entry, primary model and defaults when nothing matches", () => {
    expect(generateConfig(route, [])).toEqual({
      agents: { defaults: { model: { primary: "inference/acme/widget-7b" } } },
      models: {
        mode: "merge",
        providers: {
          inference: {
            api: "openai-completions",
            baseUrl: "https://inference.local/v1",
            models: [
              {
                contextWindow: 131072,
                cost: { cacheRead: 0, cacheWrite: 0, input: 0, output: 0 },
                id: "acme/widget-7b",
                input: ["text"],
                maxTokens: 4096,
                name: "inference/acme/widget-7b",
                reasoning: false,
              },
            ],
          },
        },
      },
      tools: { toolSearch: { mode: "tools", searchDefaultLimit: 8, maxSearchLimit: 20 } },
    });
  });

  it("takes model metadata, primary ref and apiKey from the options", () => {
    const config = generateConfig(route, [], {
      primaryModelRef: "inference/widget",
      apiKey: "secret-key",
      inputs: ["text", "image"],
      contextWindow: 262144,
      maxTokens: 8192,
      reasoning: true,
    });
    expect(config.agents.defaults.model.primary).toBe("inference/widget");
    expect(config.models.providers.inference?.apiKey).toBe("secret-key");
    expect(modelOf(config)).toMatchObject({
      name: "inference/widget",
      input: ["text", "image"],
      contextWindow: 262144,
      maxTokens: 8192,
      reasoning: true,
    });
  });

  it("omits apiKey when none is given", () => {
    expect(Object.keys(generateConfig(route, []).models.providers.inference ?? {})).not.toContain("apiKey");
  });

  it("keeps the routed id's case but drops surrounding whitespace", () => {
    const config = generateConfig({ ...route, modelId: "  Acme/Widget-7B " }, [
      widget({ openclawReasoning: true }),
    ]);
    expect(modelOf(config).id).toBe("Acme/Widget-7B");
    expect(config.agents.defaults.model.primary).toBe("inference/Acme/Widget-7B");
  });

  it("applies compat, reasoning, tools and plugin effects generically", () => {
    const config = generateConfig(route, [
      widget({
        openclawCompat: { supportsStore: false, maxTokensField: "max_tokens" },
        openclawReasoning: true,
        openclawTools: { toolSearch: false },
        openclawPlugins: [{ id: "widget-plugin", path: "plugin" }],
      }),
    ]);
    expect(modelOf(config).compat).toEqual({ maxTokensField: "max_tokens", supportsStore: false });
    expect(modelOf(config).reasoning).toBe(true);
    expect(config.tools.toolSearch).toBe(false);
    expect(config.plugins).toEqual({
      load: { paths: ["/usr/local/share/nemoclaw/openclaw-plugins/widget-plugin"] },
      entries: { "widget-plugin": { enabled: true } },
    });
  });

  it("writes request-body fields as the routed model's params, keyed by provider and model id", () => {
    const config = generateConfig(
      route,
      [
        widget({
          openclawRequestBody: { set: { chat_template_kwargs: { thinking: false }, top_k: 20 } },
        }),
      ],
      { primaryModelRef: "other/primary" },
    );
    expect(config.agents.defaults.models).toEqual({
      "inference/acme/widget-7b": {
        params: { chat_template_kwargs: { thinking: false }, extra_body: { top_k: 20 } },
      },
    });
    const onlyKwargs = generateConfig(route, [
      widget({ openclawRequestBody: { set: { chat_template_kwargs: { thinking: false } } } }),
    ]);
    expect(onlyKwargs.agents.defaults.models?.["inference/acme/widget-7b"]).toEqual({
      params: { chat_template_kwargs: { thinking: false } },
    });
    expect(generateConfig(route, []).agents.defaults.models).toBeUndefined();
  });

  it("sends the user's reasoning effort as extra_body.reasoning_effort, beside the interventions' fields", () => {
    const config = generateConfig(route, [widget({ openclawRequestBody: { set: { top_k: 20 } } })], {
      reasoningEffort: "high",
    });
    expect(config.agents.defaults.models).toEqual({
      "inference/acme/widget-7b": { params: { extra_body: { reasoning_effort: "high", top_k: 20 } } },
    });
    expect(generateConfig(route, [], { reasoningEffort: "low" }).agents.defaults.models).toEqual({
      "inference/acme/widget-7b": { params: { extra_body: { reasoning_effort: "low" } } },
    });
    // Upstream sends it to chat-completions endpoints only.
    const messages = managedRoute("acme/widget-7b", { inferenceApi: "anthropic-messages" });
    expect(generateConfig(messages, [], { reasoningEffort: "high" }).agents.defaults.models).toBeUndefined();
  });

  it("loads the shared shaping plugin with the route and its merged removals and system message", () => {
    const nudge = { content: "You have no tools: answer in full.", unlessToolsOffered: ["exec"] };
    const config = generateConfig(route, [
      widget({ openclawRequestBody: { remove: ["thinking"] } }, "a-fix"),
      widget({ openclawRequestBody: { remove: ["top_k", "thinking"], insertSystemMessage: nudge } }, "b-fix"),
      widget({ openclawPlugins: [{ id: "widget-plugin", path: "plugin" }] }, "c-fix"),
    ]);
    expect(config.plugins).toEqual({
      load: {
        paths: [
          "/usr/local/share/nemoclaw/openclaw-plugins/widget-plugin",
          "/usr/local/share/nemoclaw/openclaw-plugins/model-setup-shaping",
        ],
      },
      entries: {
        "model-setup-shaping": {
          enabled: true,
          config: {
            route: {
              provider: "inference",
              model: "acme/widget-7b",
              api: "openai-completions",
              baseUrl: "https://inference.local/v1",
            },
            remove: ["thinking", "top_k"],
            insertSystemMessage: nudge,
          },
        },
        "widget-plugin": { enabled: true },
      },
    });
    expect(config.agents.defaults.models).toBeUndefined();
    const setOnly = generateConfig(route, [widget({ openclawRequestBody: { set: { top_k: 2 } } })]);
    expect(setOnly.plugins).toBeUndefined();
  });

  it("hands the shaping plugin the route's merged reply shaping, as the route was written", () => {
    const written = { ...route, baseUrl: "https://INFERENCE.LOCAL:443/v1/" };
    const config = generateConfig(written, [
      widget({ openclawReplyShaping: { reasoningTags: { tags: ["think"] } } }, "a-fix"),
      widget({ openclawReplyShaping: { textToolCalls: "harmony" } }, "b-fix"),
    ]);
    expect(config.plugins?.entries["model-setup-shaping"]).toEqual({
      enabled: true,
      config: {
        route: {
          provider: "inference",
          model: "acme/widget-7b",
          api: "openai-completions",
          baseUrl: "https://INFERENCE.LOCAL:443/v1/",
        },
        reply: { reasoningTags: { tags: ["think"] }, textToolCalls: "harmony" },
      },
    });
    expect(() =>
      generateConfig(route, [
        widget({ openclawReplyShaping: { textToolCalls: "qwen-xml" } }, "a-fix"),
        widget({ openclawReplyShaping: { textToolCalls: "harmony" } }, "b-fix"),
      ]),
    ).toThrow(/a-fix sets openclawReplyShaping.textToolCalls to "qwen-xml" but b-fix sets it to "harmony"/);
  });

  it("refuses a route where one intervention removes a field another sets", () => {
    expect(() =>
      generateConfig(route, [
        widget({ openclawRequestBody: { remove: ["top_k"] } }, "a-fix"),
        widget({ openclawRequestBody: { set: { top_k: 2 } } }, "b-fix"),
      ]),
    ).toThrow("a-fix removes request-body field top_k but b-fix sets it to 2");
  });

  it("merges agreeing interventions and lists plugins in id order", () => {
    const config = generateConfig(route, [
      widget(
        { openclawCompat: { supportsStore: false }, openclawPlugins: [{ id: "b-plugin", path: "p" }] },
        "b-fix",
      ),
      widget(
        { openclawCompat: { supportsStore: false }, openclawPlugins: [{ id: "a-plugin", path: "p" }] },
        "a-fix",
      ),
    ]);
    expect(modelOf(config).compat).toEqual({ supportsStore: false });
    expect(config.plugins?.load.paths).toEqual([
      "/usr/local/share/nemoclaw/openclaw-plugins/a-plugin",
      "/usr/local/share/nemoclaw/openclaw-plugins/b-plugin",
    ]);
  });

  it("is deterministic: same bytes whatever the record order, keys sorted", () => {
    const a = widget({ openclawCompat: { supportsStore: false } }, "a-fix");
    const b = widget({ openclawTools: { toolSearch: false } }, "b-fix");
    const first = canonicalJson(generateConfig(route, [a, b]));
    expect(canonicalJson(generateConfig(route, [b, a]))).toBe(first);
    expect(JSON.stringify(generateConfig(route, [b, a]), null, 2)).toBe(first.trimEnd());
  });

  describe("tools.toolSearch", () => {
    const structured = { mode: "tools", searchDefaultLimit: 8, maxSearchLimit: 20 };
    it("defaults to upstream's structured Tool Search, not the code bridge (true)", () => {
      expect(generateConfig(route, []).tools.toolSearch).toEqual(structured);
      expect(STRUCTURED_TOOL_SEARCH).toEqual(structured);
    });
    it("takes an intervention's boolean over the default and over the user's own setting", () => {
      const off = widget({ openclawTools: { toolSearch: false } });
      expect(generateConfig(route, [off], { userToolSearch: true }).tools.toolSearch).toBe(false);
      const on = widget({ openclawTools: { toolSearch: true } });
      expect(generateConfig(route, [on]).tools.toolSearch).toBe(true);
    });
    it("keeps the user's own setting where no intervention decides", () => {
      const mine = { mode: "tools", searchDefaultLimit: 3 };
      expect(generateConfig(route, [], { userToolSearch: mine }).tools.toolSearch).toEqual(mine);
      expect(generateConfig(route, [], { userToolSearch: true }).tools.toolSearch).toBe(true);
    });
    it("turns it off for direct disclosure or a user's false, and no intervention turns it back on", () => {
      const on = widget({ openclawTools: { toolSearch: true } });
      expect(generateConfig(route, [on], { directToolDisclosure: true }).tools.toolSearch).toBe(false);
      expect(generateConfig(route, [], { directToolDisclosure: true }).tools.toolSearch).toBe(false);
      expect(generateConfig(route, [on], { userToolSearch: false }).tools.toolSearch).toBe(false);
    });
  });

  describe("compat defaults", () => {
    const streaming = widget({ openclawCompatDefaults: { supportsUsageInStreaming: true } }, "default-fix");
    it("apply when the user's compat does not set the key", () => {
      expect(modelOf(generateConfig(route, [streaming])).compat).toEqual({ supportsUsageInStreaming: true });
      expect(
        modelOf(generateConfig(route, [streaming], { userCompat: { supportsStore: false } })).compat,
      ).toEqual({ supportsUsageInStreaming: true, supportsStore: false });
    });
    it("give way to the user's own value, which plain intervention compat never does", () => {
      const userFalse = { userCompat: { supportsUsageInStreaming: false } };
      expect(modelOf(generateConfig(route, [streaming], userFalse)).compat).toEqual({
        supportsUsageInStreaming: false,
      });
      const hard = widget({ openclawCompat: { supportsUsageInStreaming: true } }, "hard-fix");
      expect(() => generateConfig(route, [hard], userFalse)).toThrow(EffectConflictError);
    });
  });

  describe("user compat", () => {
    it("is merged with intervention compat when they agree", () => {
      const config = generateConfig(route, [widget({ openclawCompat: { supportsStore: false } })], {
        userCompat: { supportsStore: false, supportsTools: true },
      });
      expect(modelOf(config).compat).toEqual({ supportsStore: false, supportsTools: true });
    });

    it("disagreeing with an intervention is an error naming both sources", () => {
      const run = () =>
        generateConfig(route, [widget({ openclawCompat: { maxTokensField: "max_tokens" } })], {
          userCompat: { maxTokensField: "max_completion_tokens" },
        });
      expect(run).toThrow(EffectConflictError);
      expect(run).toThrow(/widget-fix sets openclawCompat\.maxTokensField to "max_tokens"/);
      expect(run).toThrow(/user compat \(NEMOCLAW_INFERENCE_COMPAT_B64\) sets it to "max_completion_tokens"/);
      expect(USER_COMPAT_SOURCE).toContain("NEMOCLAW_INFERENCE_COMPAT_B64");
    });
  });

  describe("conflicts between interventions", () => {
    it("two interventions setting one compat key differently fail, naming both", () => {
      const run = () =>
        generateConfig(route, [
          widget({ openclawCompat: { maxTokensField: "max_tokens" } }, "first-fix"),
          widget({ openclawCompat: { maxTokensField: "max_completion_tokens" } }, "second-fix"),
        ]);
      expect(run).toThrow(/first-fix sets openclawCompat\.maxTokensField .* but second-fix sets it/);
    });

    it("two interventions disagreeing on Tool Search fail", () => {
      const run = () =>
        generateConfig(route, [
          widget({ openclawTools: { toolSearch: false } }, "first-fix"),
          widget({ openclawTools: { toolSearch: true } }, "second-fix"),
        ]);
      expect(run).toThrow(/first-fix sets openclawTools\.toolSearch to false but second-fix sets it to true/);
    });

    it("a plugin id declared by two interventions fails, naming both", () => {
      const plugin = { openclawPlugins: [{ id: "shared-plugin", path: "plugin" }] };
      let caught: unknown;
      try {
        generateConfig(route, [widget(plugin, "first-fix"), widget(plugin, "second-fix")]);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(EffectConflictError);
      expect((caught as EffectConflictError).conflicts).toHaveLength(1);
      expect((caught as Error).message).toContain(
        "first-fix and second-fix both declare plugin shared-plugin",
      );
    });

    it("reports every conflict, not only the first", () => {
      const run = () =>
        generateConfig(route, [
          widget(
            { openclawCompat: { supportsStore: true }, openclawTools: { toolSearch: true } },
            "first-fix",
          ),
          widget(
            { openclawCompat: { supportsStore: false }, openclawTools: { toolSearch: false } },
            "second-fix",
          ),
        ]);
      expect(run).toThrow(/supportsStore[\s\S]*toolSearch/);
    });
  });

  it("refuses a record that does not match the route (caller error)", () => {
    const other = record("other-fix", { modelIds: ["acme/other"] }, { openclawReasoning: true });
    expect(() => generateConfig(route, [other])).toThrow(
      /other-fix does not match this route \(predicate modelIds/,
    );
  });
});
