import { MANAGED_ROUTE, type Manifest, matchesRoute } from "@model-setup/manifest";
import { describe, expect, it } from "vitest";
import { deriveCases } from "../src/derived-cases.js";
import type { E2ERun } from "../src/run-result.js";
import { postedChat } from "./requests.js";

function manifest(id: string, match: Partial<Manifest["match"]>, effects: Manifest["effects"]): Manifest {
  return { id, agent: "openclaw", description: id, match: { ...MANAGED_ROUTE, ...match }, effects };
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
});
