import { MANAGED_ROUTE, type Manifest, matchesRoute } from "@model-setup/manifest";
import { describe, expect, it } from "vitest";
import { deriveCases } from "../src/derived-cases.js";
import type { E2ERun } from "../src/run-result.js";
import { postedChat } from "./requests.js";

function manifest(id: string, match: Partial<Manifest["match"]>, effects: Manifest["effects"]): Manifest {
  return {
    id,
    agent: "openclaw",
    description: id,
    evidence: ["#1"],
    removeWhen: "never",
    match: { ...MANAGED_ROUTE, ...match },
    effects,
  };
}

const prefixed = manifest(
  "acme-fix",
  { modelIdPrefixes: ["acme-5"] },
  { openclawCompat: { maxTokensField: "max_completion_tokens" }, openclawTools: { toolSearch: false } },
);
const exact = manifest(
  "widget-fix",
  { modelIds: ["vendor/widget-1"] },
  { openclawPlugins: [{ id: "widget-compat", path: "plugin" }] },
);
const all = [prefixed, exact];

const contextOf = (route: {
  model: string;
  providerKey?: string;
  inferenceApi?: string;
  baseUrl?: string;
}) => ({
  ...MANAGED_ROUTE,
  ...route,
  modelId: route.model,
});

/** A recorded run as the harness loads it, reduced to what derived cases read. */
function fakeRun(compat: unknown, body: Record<string, unknown>, toolNames: string[]): E2ERun {
  const request = postedChat({
    ...body,
    tools: toolNames.map((name) => ({ type: "function", function: { name } })),
  });
  return {
    config: { tools: { toolSearch: false }, models: { providers: { inference: { models: [] } } } },
    modelEntries: [{ compat, reasoning: false }],
    chatRequests: [request],
    trajectory: {
      executedToolCalls: () => [{ toolCallId: "x", name: "exec", args: { command: "echo derived-case" } }],
    },
  } as unknown as E2ERun;
}

describe("cases derived from declarative effects", () => {
  it("puts the positive case on a route the manifest matches and the negative one on a near miss nobody matches", () => {
    for (const m of all) {
      const [positive, negative] = deriveCases(m, all);
      expect(positive?.name).toBe(`${m.id}-derived-effects`);
      expect(matchesRoute(m.match, contextOf(positive?.route ?? { model: "" }))).toBe(true);
      expect(negative?.name).toBe(`${m.id}-derived-unmatched-route`);
      for (const other of all)
        expect(matchesRoute(other.match, contextOf(negative?.route ?? { model: "" }))).toBe(false);
    }
    expect(deriveCases(prefixed, all)[1]?.route.model).toBe("e2e/acme-50");
    expect(deriveCases(exact, all)[1]?.route.model).toBe("vendor/widget-1-unmatched");
  });

  it("requires exactly the plugins of the interventions on the route, and none on the near miss", () => {
    const [positive, negative] = deriveCases(exact, all);
    expect(positive?.plugins).toEqual(["widget-compat"]);
    expect(negative?.plugins).toEqual([]);
  });

  it("repeats a plugin's positive case on the same route with its base URL spelled another way", () => {
    const cases = deriveCases(exact, all);
    const equivalent = cases.find((c) => c.name === "widget-fix-derived-equivalent-route");
    expect(equivalent?.route.baseUrl).toBe("https://INFERENCE.LOCAL:443/v1/");
    expect(equivalent?.plugins).toEqual(["widget-compat"]);
    expect(matchesRoute(exact.match, contextOf(equivalent?.route ?? { model: "" }))).toBe(true);
    // No plugin, nothing a route guard could leave off: no such case.
    expect(deriveCases(prefixed, all).map((c) => c.name)).not.toContain("acme-fix-derived-equivalent-route");
  });

  it("scripts the reply in each text-call format, after leaked reasoning, and checks it was shaped", async () => {
    for (const format of ["qwen-xml", "hermes-json", "harmony"] as const) {
      const shaped = manifest(
        "shape-fix",
        { modelIds: ["vendor/shaped-1"] },
        { openclawReplyShaping: { textToolCalls: format, reasoningTags: { tags: ["think"] } } },
      );
      const [positive] = deriveCases(shaped, [shaped]);
      expect(positive?.plugins).toEqual(["model-setup-shaping"]);
      const [first, final] = positive?.mock ?? [];
      expect(first?.toolCalls).toBeUndefined();
      expect(first?.content).toMatch(/^derived-reasoning<\/think>\n\n/);
      expect(first?.content).toContain("echo derived-case");
      expect(final?.content).toBe("<think>derived-reasoning</think>\ndone");
      expect(positive?.necessity).toBeTypeOf("function");
    }
  });

  it("puts the positive case on the upstream provider the manifest names", () => {
    const upstream = manifest(
      "up-fix",
      { modelIds: ["vendor/up-1"], upstreamProvider: "nvidia-prod" },
      {
        openclawTools: { toolSearch: false },
      },
    );
    const [positive, negative] = deriveCases(upstream, [...all, upstream]);
    expect(positive?.route).toMatchObject({ model: "vendor/up-1", upstreamProvider: "nvidia-prod" });
    expect(negative?.route).toMatchObject({
      model: "vendor/up-1-unmatched",
      upstreamProvider: "nvidia-prod",
    });
  });

  it("derives no negative case for a manifest that matches every model", () => {
    const wildcard = manifest("any-fix", {}, { openclawTools: { toolSearch: false } });
    expect(deriveCases(wildcard, [...all, wildcard]).map((c) => c.name)).toEqual(["any-fix-derived-effects"]);
  });

  it("passes a run showing the effects and fails one missing them in the config or on the wire", async () => {
    const [positive] = deriveCases(prefixed, all);
    const assertOn = (run: E2ERun) => Promise.resolve().then(() => positive?.assert(run));
    const compat = { maxTokensField: "max_completion_tokens" };
    await expect(
      assertOn(fakeRun(compat, { max_completion_tokens: 100 }, ["exec"])),
    ).resolves.toBeUndefined();
    await expect(assertOn(fakeRun(undefined, { max_completion_tokens: 100 }, ["exec"]))).rejects.toThrow();
    await expect(assertOn(fakeRun(compat, { max_tokens: 100 }, ["exec"]))).rejects.toThrow();
    await expect(
      assertOn(fakeRun(compat, { max_completion_tokens: 100 }, ["tool_search_code"])),
    ).rejects.toThrow();
  });

  it("judges necessity on the wire only, and only where the intervention's own effects have a wire form", async () => {
    const [positive] = deriveCases(prefixed, all);
    const judge = positive?.necessity;
    if (typeof judge !== "function") throw new Error("max tokens and Tool Search have a wire form");
    const judgeOn = (run: E2ERun) => Promise.resolve().then(() => judge(run));
    // No compat in the config: necessity does not read it, the wire shows the effect.
    await expect(
      judgeOn(fakeRun(undefined, { max_completion_tokens: 100 }, ["exec"])),
    ).resolves.toBeUndefined();
    await expect(judgeOn(fakeRun(undefined, { max_tokens: 100 }, ["exec"]))).rejects.toThrow();
    await expect(
      judgeOn(fakeRun(undefined, { max_completion_tokens: 100 }, ["tool_search_code"])),
    ).rejects.toThrow();
    expect(deriveCases(exact, all)[0]?.necessity).toBe(false);
    expect(deriveCases(prefixed, all)[1]?.necessity).toBe(false);
  });

  it("checks request-body fields in every request, and judges necessity by them", async () => {
    const body = manifest(
      "body-fix",
      { modelIds: ["vendor/body-1"] },
      {
        openclawRequestBody: { set: { chat_template_kwargs: { thinking: false }, top_k: 20 } },
      },
    );
    const [positive] = deriveCases(body, [...all, body]);
    const judge = positive?.necessity;
    if (typeof judge !== "function") throw new Error("request-body fields have a wire form");
    const judgeOn = (b: Record<string, unknown>) =>
      Promise.resolve().then(() =>
        judge(
          fakeRun(undefined, { max_completion_tokens: 1, ...b }, [
            "tool_search",
            "tool_describe",
            "tool_call",
          ]),
        ),
      );
    await expect(
      judgeOn({ chat_template_kwargs: { thinking: false, other: 1 }, top_k: 20 }),
    ).resolves.toBeUndefined();
    await expect(judgeOn({ chat_template_kwargs: { thinking: true }, top_k: 20 })).rejects.toThrow(
      /chat_template_kwargs.thinking in the request body/,
    );
    await expect(judgeOn({ chat_template_kwargs: { thinking: false } })).rejects.toThrow(
      /top_k in the request body/,
    );
  });

  it("on a release outside an intervention's range, expects the route without its effects", () => {
    const newOnly = { ...prefixed, openclaw: ">=2026.9.0" };
    const wildcard = manifest("any-fix", {}, { openclawPlugins: [{ id: "any-compat", path: "plugin" }] });
    const workspace = [newOnly, exact, wildcard];
    const [onNew] = deriveCases(newOnly, workspace, "2026.9.6");
    const [onOld] = deriveCases(newOnly, workspace, "2026.7.1");
    expect(onNew?.description).toContain("show in the generated config");
    expect(onOld?.description).toBe(
      "not applied on OpenClaw 2026.7.1 (its range is >=2026.9.0): the route gets the other interventions' effects only",
    );
    expect(onOld?.route).toEqual(onNew?.route);
    expect(onOld?.plugins).toEqual(["any-compat"]);
    expect(onOld?.necessity).toBe(false);
  });
});
