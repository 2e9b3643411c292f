import {
  eventsFor,
  message,
  runLikeOpenClaw,
  sourceStream,
  text,
} from "@model-setup/intervention-testkit/stream";
import { SHAPING_PLUGIN_ID, type ShapingConfig } from "@model-setup/manifest";
import type {
  OpenClawPluginApi,
  ProviderPlugin,
  ProviderRuntimeModel,
  StreamFn,
} from "@model-setup/openclaw-plugin-api";
import { describe, expect, it, vi } from "vitest";
import plugin, { PLUGIN_ID } from "../src/openclaw-plugin.js";

const ROUTE = {
  provider: "inference",
  model: "vendor/model-a",
  api: "openai-completions",
  baseUrl: "https://inference.local/v1",
} as const;
const CONFIG: ShapingConfig = { route: { ...ROUTE }, remove: ["thinking"] };
const MODEL = {
  id: ROUTE.model,
  name: ROUTE.model,
  api: ROUTE.api,
  provider: ROUTE.provider,
  baseUrl: `${ROUTE.baseUrl}/`,
} as ProviderRuntimeModel;

function registered(pluginConfig?: Record<string, unknown>) {
  const providers: ProviderPlugin[] = [];
  const warnings: string[] = [];
  const api: OpenClawPluginApi = {
    ...(pluginConfig ? { pluginConfig } : {}),
    logger: { warn: (message) => warnings.push(message) },
    registerProvider: (provider) => providers.push(provider),
  };
  plugin.register(api);
  return { providers, warnings };
}

/** A stream function standing in for OpenClaw's transport: it records the body it would serialise. */
function recordingStream() {
  const sent: unknown[] = [];
  const streamFn: StreamFn = async (model, _context, options) => {
    const payload = {
      model: model.id,
      messages: [{ role: "user", content: "hi" }],
      thinking: { type: "enabled" },
    };
    const replaced = await (options as { onPayload?: (p: unknown, m: unknown) => unknown })?.onPayload?.(
      payload,
      model,
    );
    sent.push(replaced ?? payload);
    return { async *[Symbol.asyncIterator]() {}, result: async () => ({}) } as never;
  };
  return { sent, streamFn };
}

function wrap(
  provider: ProviderPlugin,
  ctx: Partial<Parameters<NonNullable<ProviderPlugin["wrapStreamFn"]>>[0]>,
) {
  const { sent, streamFn } = recordingStream();
  const wrapped = provider.wrapStreamFn?.({
    provider: ROUTE.provider,
    modelId: ROUTE.model,
    model: MODEL,
    streamFn,
    ...ctx,
  });
  return { sent, wrapped };
}

describe("shaping plugin", () => {
  it("uses the id the manifest package reserves for it", () => {
    expect(PLUGIN_ID).toBe(SHAPING_PLUGIN_ID);
    expect(plugin.id).toBe(SHAPING_PLUGIN_ID);
  });

  it("registers the configured route's provider and shapes that route's requests", async () => {
    const { providers } = registered(CONFIG);
    expect(providers.map((p) => p.id)).toEqual(["inference"]);
    const { sent, wrapped } = wrap(providers[0] as ProviderPlugin, {});
    await wrapped?.(MODEL, { messages: [] }, {});
    expect(sent).toEqual([{ model: ROUTE.model, messages: [{ role: "user", content: "hi" }] }]);
  });

  it.each([
    ["another model", { modelId: "vendor/model-b", model: { ...MODEL, id: "vendor/model-b" } }],
    ["another base URL", { model: { ...MODEL, baseUrl: "https://elsewhere.example/v1" } }],
    ["another API", { model: { ...MODEL, api: "anthropic-messages" } }],
    ["a route without a model (base URL unknown)", { model: undefined }],
  ] as const)("never wraps %s", (_what, ctx) => {
    const { providers } = registered(CONFIG);
    expect(wrap(providers[0] as ProviderPlugin, ctx as never).wrapped).toBeUndefined();
  });

  it("shapes what OpenClaw's own payload hooks made of the body", async () => {
    const { providers } = registered({ ...CONFIG, remove: ["thinking", "added"] });
    const { sent, streamFn } = recordingStream();
    const wrapped = providers[0]?.wrapStreamFn?.({
      provider: ROUTE.provider,
      modelId: ROUTE.model,
      model: MODEL,
      streamFn,
    });
    const earlier = vi.fn((payload: unknown) => ({ ...(payload as object), added: 1, kept: 2 }));
    await wrapped?.(MODEL, { messages: [] }, { onPayload: earlier });
    expect(earlier).toHaveBeenCalledOnce();
    expect(sent).toEqual([{ model: ROUTE.model, messages: [{ role: "user", content: "hi" }], kept: 2 }]);
  });

  it("sends a body it cannot read unchanged and says so once per process", async () => {
    const { providers, warnings } = registered(CONFIG);
    const odd: StreamFn = async (model, _context, options) => {
      const hook = (options as { onPayload?: (p: unknown, m: unknown) => unknown })?.onPayload;
      expect(await hook?.("not an object", model)).toBeUndefined();
      expect(await hook?.(["still", "not"], model)).toBeUndefined();
      return {} as never;
    };
    const wrapped = providers[0]?.wrapStreamFn?.({
      provider: ROUTE.provider,
      modelId: ROUTE.model,
      model: MODEL,
      streamFn: odd,
    });
    await wrapped?.(MODEL, { messages: [] }, {});
    expect(warnings).toEqual([
      `${PLUGIN_ID}: the request body is not a JSON object; sent unchanged (logged once)`,
    ]);
  });

  it("shapes the replies of the configured route, even when its base URL is spelled another way", async () => {
    const { providers } = registered({
      route: { ...ROUTE, baseUrl: "https://INFERENCE.LOCAL:443/v1/" },
      reply: { reasoningTags: { tags: ["think"] }, textToolCalls: "qwen-xml" },
    });
    const reply =
      '<think>need the date</think>\n<tool_call>\n{"name":"exec","arguments":{"command":"date"}}\n</tool_call>';
    const final = message([text(reply)]);
    const wrapped = providers[0]?.wrapStreamFn?.({
      provider: ROUTE.provider,
      modelId: ROUTE.model,
      model: MODEL,
      streamFn: () => sourceStream(eventsFor(final, 5), final),
    });
    const exec = { name: "exec", description: "run", parameters: { type: "object", properties: {} } };
    const stream = await (wrapped as StreamFn)(MODEL, { messages: [], tools: [exec] });
    const executed = await runLikeOpenClaw(stream);
    expect(executed).toEqual([
      { id: expect.stringMatching(/^call_text_/), name: "exec", arguments: { command: "date" } },
    ]);
    const result = await stream.result();
    expect(result.content.map((block) => block.type)).toEqual(["thinking", "toolCall"]);
    expect(result.stopReason).toBe("toolUse");
  });

  it("makes no call for a tool the request did not offer", async () => {
    const { providers } = registered({ route: { ...ROUTE }, reply: { textToolCalls: "qwen-xml" } });
    const reply = '<tool_call>\n{"name":"exec","arguments":{"command":"date"}}\n</tool_call>';
    const final = message([text(reply)]);
    const wrapped = providers[0]?.wrapStreamFn?.({
      provider: ROUTE.provider,
      modelId: ROUTE.model,
      model: MODEL,
      streamFn: () => sourceStream(eventsFor(final), final),
    });
    const stream = await (wrapped as StreamFn)(MODEL, { messages: [], tools: [] });
    expect(await runLikeOpenClaw(stream)).toEqual([]);
    expect(await stream.result()).toBe(final);
  });

  it("registers nothing, and says why, without a route in its config", () => {
    const { providers, warnings } = registered(undefined);
    expect(providers).toEqual([]);
    expect(warnings).toEqual([expect.stringContaining("no route in the plugin config")]);
  });
});
