import type {
  AnyAgentTool,
  OpenClawPluginApi,
  ProviderPlugin,
  StreamFn,
} from "@model-setup/openclaw-plugin-api";
import { describe, expect, it } from "vitest";
import plugin from "../plugin/src/index.js";
import { eventsFor, execCall, message, runLikeOpenClaw, sourceStream } from "./helpers.js";

const manifest = (await import("../plugin/openclaw.plugin.json", { with: { type: "json" } })).default;

function registered(): ProviderPlugin {
  const providers: ProviderPlugin[] = [];
  const api: OpenClawPluginApi = {
    logger: { warn: (message) => expect.unreachable(message) },
    registerProvider: (provider) => providers.push(provider),
  };
  plugin.register(api);
  expect(providers).toHaveLength(1);
  return providers[0] as ProviderPlugin;
}

const model = {
  id: "moonshotai/kimi-k2.6",
  name: "Kimi K2.6",
  api: "openai-completions",
  provider: "inference",
  baseUrl: "https://inference.local/v1",
};
const offModel = { ...model, baseUrl: "http://127.0.0.1:9999/v1" };
const tools: AnyAgentTool[] = [
  {
    name: "exec",
    description: "",
    parameters: { type: "object", properties: { command: { type: "string" } } },
  },
  { name: "read", description: "", parameters: { type: "object", properties: { path: { type: "string" } } } },
];
const final = message([execCall("hostname; date; uptime")], { stopReason: "toolUse" });
const inner: StreamFn = () => sourceStream(eventsFor(final), final);

describe("plugin entry", () => {
  it("has the id of its openclaw.plugin.json and registers the inference provider without auth", () => {
    expect(plugin.id).toBe(manifest.id);
    expect(manifest.providers).toContain("inference");
    const provider = registered();
    expect(provider.id).toBe("inference");
    expect(provider.auth).toEqual([]);
    expect(typeof provider.wrapStreamFn).toBe("function");
  });

  it("gives each registration pass its own provider object", () => {
    expect(registered()).not.toBe(registered());
  });

  it("wraps the stream on the route, splitting the combined call", async () => {
    const wrap = registered().wrapStreamFn?.({
      provider: "inference",
      modelId: model.id,
      model,
      streamFn: inner,
    });
    expect(wrap).toBeTypeOf("function");
    const stream = await wrap?.(model, { messages: [] });
    const executed = stream ? await runLikeOpenClaw(stream) : [];
    expect(executed.map((call) => call.arguments)).toEqual([
      { command: "hostname" },
      { command: "date" },
      { command: "uptime" },
    ]);
  });

  it("normalises and inspects schemas on the route", () => {
    const ctx = { provider: "inference", modelId: model.id, modelApi: "openai-completions", model, tools };
    const provider = registered();
    expect(provider.normalizeToolSchemas?.(ctx)?.map((tool) => tool.parameters)).toEqual([
      tools[0]?.parameters,
      { type: "object", properties: {} },
    ]);
    expect(provider.inspectToolSchemas?.(ctx)?.map((diagnostic) => diagnostic.toolName)).toEqual(["read"]);
  });

  it("changes nothing off the route", () => {
    const provider = registered();
    const ctx = { provider: "inference", modelId: model.id, model: offModel, tools };
    expect(provider.wrapStreamFn?.({ ...ctx, streamFn: inner })).toBeUndefined();
    expect(provider.normalizeToolSchemas?.(ctx)).toBeUndefined();
    expect(provider.inspectToolSchemas?.(ctx)).toBeUndefined();
    expect(
      provider.wrapStreamFn?.({
        provider: "inference",
        modelId: "moonshotai/kimi-k2.5",
        model,
        streamFn: inner,
      }),
    ).toBeUndefined();
  });

  it("returns no wrapper when there is no stream function to wrap", () => {
    expect(registered().wrapStreamFn?.({ provider: "inference", modelId: model.id, model })).toBeUndefined();
  });
});
