import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Effects,
  indexRecordSchema,
  joinUpstreamRecord,
  type Manifest,
  manifestSchema,
  overlappingParts,
  type SetupRecord,
  setupRecordSchema,
  splitForUpstream,
  stagedPlugin,
  toSetupRecord,
  UPSTREAM_EFFECT_KEYS,
  UPSTREAM_MATCH_KEYS,
  upstreamRecordJsonSchema,
  upstreamRecordSchema,
} from "../src/index.js";
import { MANAGED, manifest } from "./fixtures.js";

/** One valid value of every effect an openclaw manifest may carry. */
const EFFECTS: Required<Omit<Effects, "hermesCompat">> = {
  openclawCompat: { supportsStore: false },
  openclawCompatDefaults: { supportsUsageInStreaming: true },
  openclawTools: { toolSearch: false },
  openclawReasoning: true,
  openclawPlugins: [{ id: "acme-compat", path: "plugin" }],
  openclawProviderRequest: { allowPrivateNetwork: true },
  openclawRequestBody: { set: { chat_template_kwargs: { thinking: false } }, remove: ["thinking"] },
  openclawReplyShaping: { reasoningTags: { tags: ["think"] }, textToolCalls: "qwen-xml" },
};

const record = (overrides: Partial<Manifest>): SetupRecord => toSetupRecord(manifest(overrides));

describe("splitting a record for upstream NemoClaw's readers", () => {
  it("keeps compat, Tool Search and plugin for upstream and moves only the request body to the index", () => {
    const richRecord = record({
      effects: {
        openclawCompat: { supportsStore: false, maxTokensField: "max_tokens" },
        openclawTools: { toolSearch: false },
        openclawPlugins: [{ id: "nemoclaw-acme-compat", path: "plugin" }],
        openclawRequestBody: { set: { chat_template_kwargs: { thinking: false } } },
      },
    });
    const split = splitForUpstream(richRecord);
    expect(split.notStaged).toBeUndefined();
    expect(split.upstream).toEqual({
      id: richRecord.id,
      agent: "openclaw",
      description: richRecord.description,
      match: richRecord.match,
      effects: {
        openclawCompat: { supportsStore: false, maxTokensField: "max_tokens" },
        openclawTools: { toolSearch: false },
        openclawPlugins: [
          {
            id: "nemoclaw-acme-compat",
            path: "openclaw-plugins/acme-compat",
            loadPath: "/usr/local/share/nemoclaw/openclaw-plugins/acme-compat",
          },
        ],
      },
    });
    expect(split.index).toEqual({
      id: richRecord.id,
      agent: "openclaw",
      evidence: richRecord.evidence,
      removeWhen: richRecord.removeWhen,
      effects: { openclawRequestBody: { set: { chat_template_kwargs: { thinking: false } } } },
    });
    expect(split.dropped.map((gap) => gap.pointer)).toEqual(["/effects/openclawRequestBody"]);
    expect(split.dropped[0]?.why).toMatch(/request preload/);
  });

  it("keeps an intervention whole from upstream when a dropped predicate would widen its match", () => {
    const scoped = record({
      match: { modelIdPrefixes: ["example-3"], ...MANAGED, upstreamProvider: "nvidia-prod" },
      effects: { openclawCompat: { supportsStore: false } },
    });
    const split = splitForUpstream(scoped);
    expect(split.upstream).toBeUndefined();
    expect(split.notStaged).toBe("match predicate upstreamProvider: leaving it out would widen the match");
    expect(split.index).toEqual(scoped);
    expect(split.dropped.map((gap) => gap.pointer)).toEqual(["/match/upstreamProvider"]);
  });

  it("stages nothing for upstream when none of the effects is one it can apply", () => {
    const split = splitForUpstream(record({ effects: { openclawReasoning: true } }));
    expect(split.upstream).toBeUndefined();
    expect(split.notStaged).toBe("upstream's readers can apply none of its effects");
    expect(split.dropped).toEqual([{ pointer: "/effects/openclawReasoning", why: expect.any(String) }]);
  });

  it("a hermes record is upstream's whole", () => {
    const hermes = record({ agent: "hermes", effects: { hermesCompat: { a: true } } });
    const split = splitForUpstream(hermes);
    expect(split.upstream).toEqual({
      id: hermes.id,
      agent: "hermes",
      description: hermes.description,
      match: hermes.match,
      effects: hermes.effects,
    });
    expect(split.dropped).toEqual([]);
  });

  it("any valid record: the halves validate, do not overlap, join back to it, and the drops are exactly the extra parts", () => {
    const matchKeys = fc.subarray([
      "modelIds",
      "modelIdPrefixes",
      "providerKey",
      "upstreamProvider",
    ] as const);
    fc.assert(
      fc.property(
        matchKeys,
        fc.subarray(Object.keys(EFFECTS) as (keyof typeof EFFECTS)[]),
        (keys, effects) => {
          const match: Manifest["match"] = { inferenceApi: MANAGED.inferenceApi, baseUrl: MANAGED.baseUrl };
          if (keys.includes("modelIds")) match.modelIds = ["vendor/example-1"];
          else if (keys.includes("modelIdPrefixes")) match.modelIdPrefixes = ["example-"];
          if (keys.includes("providerKey") || effects.includes("openclawRequestBody"))
            match.providerKey = MANAGED.providerKey;
          if (keys.includes("upstreamProvider")) match.upstreamProvider = "nvidia-prod";
          const chosen = Object.fromEntries(effects.map((key) => [key, EFFECTS[key]]));
          const parsed = manifestSchema.safeParse(manifest({ match, effects: chosen }));
          fc.pre(parsed.success);
          const full = toSetupRecord(parsed.data as Manifest);

          const split = splitForUpstream(full);
          const index = indexRecordSchema.parse(split.index);
          if (split.upstream) {
            const upstream = upstreamRecordSchema.parse(split.upstream);
            expect(overlappingParts(upstream, index)).toEqual([]);
          }
          expect(setupRecordSchema.parse(joinUpstreamRecord(split.upstream, index))).toEqual(full);

          const extra = [
            ...Object.keys(full.match)
              .filter((key) => !(UPSTREAM_MATCH_KEYS as readonly string[]).includes(key))
              .map((key) => `/match/${key}`),
            ...Object.keys(full.effects)
              .filter((key) => !(UPSTREAM_EFFECT_KEYS as readonly string[]).includes(key))
              .map((key) => `/effects/${key}`),
          ];
          expect(split.dropped.map((gap) => gap.pointer)).toEqual(extra);
          const widens = full.match.upstreamProvider !== undefined;
          const readable = Object.keys(full.effects).some((key) =>
            (UPSTREAM_EFFECT_KEYS as readonly string[]).includes(key),
          );
          expect(split.upstream === undefined).toBe(widens || !readable);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("the upstream record's JSON Schema (the staged schema.json)", () => {
  it("closes the record, its match and its effects, as upstream's own schema does", () => {
    const schema = upstreamRecordJsonSchema() as {
      additionalProperties: boolean;
      properties: Record<string, { additionalProperties?: boolean; properties?: object }>;
    };
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties).sort()).toEqual(["agent", "description", "effects", "id", "match"]);
    expect(schema.properties.match?.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties.match?.properties ?? {}).sort()).toEqual(
      [...UPSTREAM_MATCH_KEYS].sort(),
    );
    expect(schema.properties.effects?.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties.effects?.properties ?? {}).sort()).toEqual(
      [...UPSTREAM_EFFECT_KEYS].sort(),
    );
  });
});

describe("staged plugin folders", () => {
  it("follow upstream's naming: a nemoclaw- id is staged without the prefix, any other id as it is", () => {
    expect(stagedPlugin("nemoclaw-widget-compat").path).toBe("openclaw-plugins/widget-compat");
    expect(stagedPlugin("acme-compat").loadPath).toBe(
      "/usr/local/share/nemoclaw/openclaw-plugins/acme-compat",
    );
  });
});
