import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { candidateOverlapPairs, describeConflict, matchesCanOverlap, mergeEffects } from "../src/index.js";
import { MANAGED } from "./fixtures.js";

describe("mergeEffects", () => {
  it("merges compatible effects from several sources and records provenance", () => {
    const { merged, conflicts } = mergeEffects([
      {
        source: "a",
        effects: { openclawCompat: { maxTokensField: "max_tokens" }, openclawTools: { toolSearch: false } },
      },
      {
        source: "b",
        effects: {
          openclawCompat: { requiresToolResultName: true, maxTokensField: "max_tokens" },
          openclawReasoning: true,
        },
      },
    ]);
    expect(conflicts).toEqual([]);
    expect(merged.openclawCompat).toEqual({ maxTokensField: "max_tokens", requiresToolResultName: true });
    expect(merged.toolSearch).toBe(false);
    expect(merged.reasoning).toBe(true);
    expect(merged.provenance).toMatchObject({
      "openclawCompat.maxTokensField": "a",
      "openclawCompat.requiresToolResultName": "b",
    });
  });

  it("reports a disagreement naming both sources, never picking a winner silently", () => {
    const { conflicts } = mergeEffects([
      { source: "gpt-family", effects: { openclawCompat: { maxTokensField: "max_completion_tokens" } } },
      { source: "user compat", effects: { openclawCompat: { maxTokensField: "max_tokens" } } },
    ]);
    expect(conflicts).toHaveLength(1);
    const message = describeConflict(conflicts[0] as never);
    expect(message).toContain("gpt-family");
    expect(message).toContain("user compat");
    expect(message).toContain("openclawCompat.maxTokensField");
  });

  it("merges provider request options and reports disagreements on them", () => {
    const agreeing = mergeEffects([
      { source: "a", effects: { openclawProviderRequest: { allowPrivateNetwork: true } } },
      { source: "b", effects: { openclawProviderRequest: { allowPrivateNetwork: true } } },
    ]);
    expect(agreeing.merged.providerRequest).toEqual({ allowPrivateNetwork: true });
    const disagreeing = mergeEffects([
      { source: "a", effects: { openclawProviderRequest: { allowPrivateNetwork: true } } },
      { source: "b", effects: { openclawProviderRequest: { allowPrivateNetwork: false } } },
    ]);
    expect(disagreeing.conflicts.map((c) => c.key)).toEqual(["openclawProviderRequest.allowPrivateNetwork"]);
  });

  it("merges reply shaping part by part and reports two formats or tags for one route", () => {
    const agreeing = mergeEffects([
      { source: "a", effects: { openclawReplyShaping: { reasoningTags: { tags: ["think"] } } } },
      {
        source: "b",
        effects: { openclawReplyShaping: { textToolCalls: "harmony", reasoningTags: { tags: ["think"] } } },
      },
    ]);
    expect(agreeing.conflicts).toEqual([]);
    expect(agreeing.merged.replyShaping).toEqual({
      reasoningTags: { tags: ["think"] },
      textToolCalls: "harmony",
    });
    const disagreeing = mergeEffects([
      { source: "a", effects: { openclawReplyShaping: { textToolCalls: "qwen-xml" } } },
      { source: "b", effects: { openclawReplyShaping: { textToolCalls: "hermes-json" } } },
    ]);
    expect(disagreeing.conflicts.map((c) => describeConflict(c))).toEqual([
      'a sets openclawReplyShaping.textToolCalls to "qwen-xml" but b sets it to "hermes-json": make them agree or narrow one match',
    ]);
  });

  it("deep-merges request-body fields and reports two values for one field", () => {
    const body = (set: Record<string, unknown>) => ({ openclawRequestBody: { set } }) as never;
    const agreeing = mergeEffects([
      { source: "a", effects: body({ chat_template_kwargs: { thinking: false }, top_k: 20 }) },
      {
        source: "b",
        effects: body({ chat_template_kwargs: { force_nonempty_content: true, thinking: false } }),
      },
    ]);
    expect(agreeing.conflicts).toEqual([]);
    expect(agreeing.merged.requestBody).toEqual({
      chat_template_kwargs: { thinking: false, force_nonempty_content: true },
      top_k: 20,
    });
    expect(
      agreeing.merged.provenance["openclawRequestBody.set.chat_template_kwargs.force_nonempty_content"],
    ).toBe("b");
    const disagreeing = mergeEffects([
      { source: "a", effects: body({ chat_template_kwargs: { thinking: false } }) },
      { source: "b", effects: body({ chat_template_kwargs: { thinking: true } }) },
    ]);
    expect(disagreeing.conflicts.map((c) => describeConflict(c))).toEqual([
      "a sets openclawRequestBody.set.chat_template_kwargs.thinking to false but b sets it to true: make them agree or narrow one match",
    ]);
  });

  it("merges removals and one system message, and refuses a field one source sets and another removes", () => {
    const body = (effect: Record<string, unknown>) => ({ openclawRequestBody: effect }) as never;
    const message = { content: "Answer in full.", unlessToolsOffered: ["exec"] };
    const agreeing = mergeEffects([
      { source: "a", effects: body({ remove: ["thinking", "top_k"], insertSystemMessage: message }) },
      { source: "b", effects: body({ remove: ["thinking"], insertSystemMessage: { ...message } }) },
    ]);
    expect(agreeing.conflicts).toEqual([]);
    expect(agreeing.merged.requestBodyRemove).toEqual(["thinking", "top_k"]);
    expect(agreeing.merged.insertSystemMessage).toEqual(message);
    expect(mergeEffects([{ source: "a", effects: body({ set: { x: 1 } }) }]).merged).not.toHaveProperty(
      "insertSystemMessage",
    );

    const setThenRemove = mergeEffects([
      { source: "a", effects: body({ set: { chat_template_kwargs: { thinking: false } } }) },
      { source: "b", effects: body({ remove: ["chat_template_kwargs"] }) },
    ]);
    const removeThenSet = mergeEffects([
      { source: "a", effects: body({ remove: ["thinking"] }) },
      { source: "b", effects: body({ set: { thinking: false } }) },
    ]);
    expect([...setThenRemove.conflicts, ...removeThenSet.conflicts].map(describeConflict)).toEqual([
      "b removes request-body field chat_template_kwargs but a sets it to false: make them agree or narrow one match",
      "a removes request-body field thinking but b sets it to false: make them agree or narrow one match",
    ]);
    const twoMessages = mergeEffects([
      { source: "a", effects: body({ insertSystemMessage: message }) },
      { source: "b", effects: body({ insertSystemMessage: { ...message, content: "Other." } }) },
    ]);
    expect(twoMessages.conflicts.map((c) => c.key)).toEqual(["openclawRequestBody.insertSystemMessage"]);
  });

  it("merges compat defaults like compat: into the model's compat, disagreeing with other interventions", () => {
    const merged = mergeEffects([
      { source: "a", effects: { openclawCompatDefaults: { supportsUsageInStreaming: true } } },
      { source: "b", effects: { openclawCompat: { supportsStore: false } } },
    ]);
    expect(merged.conflicts).toEqual([]);
    expect(merged.merged.openclawCompat).toEqual({ supportsUsageInStreaming: true, supportsStore: false });
    expect(merged.merged.provenance["openclawCompat.supportsUsageInStreaming"]).toBe("a");
    const disagreeing = mergeEffects([
      { source: "a", effects: { openclawCompatDefaults: { supportsUsageInStreaming: true } } },
      { source: "b", effects: { openclawCompat: { supportsUsageInStreaming: false } } },
    ]);
    expect(disagreeing.conflicts.map((c) => c.key)).toEqual(["openclawCompat.supportsUsageInStreaming"]);
  });

  it("treats the same plugin id from two sources as a conflict even when identical", () => {
    const plugin = { id: "p", path: "plugin" };
    const { conflicts } = mergeEffects([
      { source: "a", effects: { openclawPlugins: [plugin] } },
      { source: "b", effects: { openclawPlugins: [plugin] } },
    ]);
    expect(conflicts.map(describeConflict)).toEqual([
      "a and b both declare plugin p: keep it in one intervention",
    ]);
  });

  it("compares structured values by content, not identity or key order", () => {
    const { conflicts } = mergeEffects([
      { source: "a", effects: { openclawCompat: { reasoningEffortMap: { low: "l", high: "h" } } } },
      { source: "b", effects: { openclawCompat: { reasoningEffortMap: { high: "h", low: "l" } } } },
    ]);
    expect(conflicts).toEqual([]);
  });
});

describe("matchesCanOverlap", () => {
  const ids = (...modelIds: string[]) => ({ modelIds, ...MANAGED });
  const prefixes = (...modelIdPrefixes: string[]) => ({ modelIdPrefixes, ...MANAGED });

  it.each([
    [ids("a/x"), ids("A/X "), true],
    [ids("a/x"), ids("a/y"), false],
    [ids("openai/gpt-5.1"), prefixes("gpt-5"), true],
    [ids("openai/gpt-50"), prefixes("gpt-5"), false],
    [prefixes("gpt-5"), prefixes("gpt-5.1"), true],
    [prefixes("gpt-5"), prefixes("gpt-50"), false],
    [ids("a/x"), { providerKey: "inference" }, true],
    [ids("a/x"), { ...ids("a/x"), providerKey: "other" }, false],
    [ids("a/x"), { ...ids("a/x"), baseUrl: "https://inference.local/v1/" }, true],
    [{ ...ids("a/x"), upstreamProvider: "nvidia-prod" }, ids("a/x"), true],
    [{ ...ids("a/x"), upstreamProvider: "nvidia-prod" }, { ...ids("a/x"), upstreamProvider: "other" }, false],
  ])("%j vs %j -> %s", (a, b, expected) => {
    expect(matchesCanOverlap(a, b)).toBe(expected);
    expect(matchesCanOverlap(b, a)).toBe(expected);
  });
});

describe("candidateOverlapPairs", () => {
  const token = fc.constantFrom("gpt", "gpt-5", "gpt-5.1", "gpt-50", "o1", "o1-mini", "o10");
  const matchArb = fc.oneof(
    fc.record({
      modelIds: fc.uniqueArray(
        token.map((t) => `ns/${t}`),
        { minLength: 1, maxLength: 3 },
      ),
    }),
    fc.record({ modelIdPrefixes: fc.uniqueArray(token, { minLength: 1, maxLength: 3 }) }),
    fc.constant({ providerKey: "inference" }),
  );

  it("never misses a pair that can overlap (property)", () => {
    fc.assert(
      fc.property(fc.array(matchArb, { maxLength: 8 }), (matches) => {
        const candidates = new Set(candidateOverlapPairs(matches).map(([i, j]) => `${i},${j}`));
        for (let i = 0; i < matches.length; i++) {
          for (let j = i + 1; j < matches.length; j++) {
            if (matchesCanOverlap(matches[i] as never, matches[j] as never))
              expect(candidates.has(`${i},${j}`)).toBe(true);
          }
        }
      }),
    );
  });

  it("skips pairs of distinct exact ids", () => {
    const matches = Array.from({ length: 50 }, (_, i) => ({ modelIds: [`v/m-${i}`] }));
    expect(candidateOverlapPairs(matches)).toEqual([]);
  });
});
