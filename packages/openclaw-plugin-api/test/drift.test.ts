/**
 * Drift test: our hand-written surface against the declarations of the pinned `openclaw` package.
 *
 * The type assertions are checked by `tsc --noEmit` (the `typecheck` script); at runtime `expectTypeOf` is a
 * no-op and vitest only checks that the declarations compared are the pinned ones.
 *
 * `openclaw/plugin-sdk/plugin-entry` exports `ProviderPlugin`, the hook contexts, `AnyAgentTool`,
 * `OpenClawPluginApi` and `OpenClawPluginDefinition`. It does not export the llm-core types (`StreamFn`,
 * `AssistantMessage`, `AssistantMessageEvent`, `ToolCall`): `openclaw/plugin-sdk/llm` ships no `.d.ts`, and the
 * types live in a hashed chunk (`dist/types.openclaw-<hash>.d.ts`) that must not be imported by path. So they
 * are derived from the hook signatures below, which is also exactly what a plugin receives.
 */
import { readFileSync } from "node:fs";
import type * as Real from "openclaw/plugin-sdk/plugin-entry";
import { describe, expect, expectTypeOf, it } from "vitest";
import type * as Ours from "../src/index.js";

type RealStreamFn = NonNullable<ReturnType<NonNullable<Real.ProviderPlugin["wrapStreamFn"]>>>;
type RealStream = Awaited<ReturnType<RealStreamFn>>;
type RealEvent = RealStream extends AsyncIterable<infer E> ? E : never;
type RealMessage = Awaited<ReturnType<RealStream["result"]>>;
type RealBlock = RealMessage["content"][number];
type RealToolCall = Extract<RealEvent, { type: "toolcall_end" }>["toolCall"];
type RealModel = Parameters<RealStreamFn>[0];

const PINNED_OPENCLAW = "2026.9.6";

describe("drift against openclaw declarations", () => {
  it("compares against the pinned openclaw version", () => {
    // `openclaw/package.json` is not in the package's `exports`; read it from this package's node_modules.
    const manifestUrl = new URL("../node_modules/openclaw/package.json", import.meta.url);
    const manifest = JSON.parse(readFileSync(manifestUrl, "utf8")) as { version: string };
    expect(manifest.version).toBe(PINNED_OPENCLAW);
    const ownManifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      devDependencies: Record<string, string>;
    };
    expect(ownManifest.devDependencies.openclaw).toBe(PINNED_OPENCLAW);
  });

  it("mirrors the llm-core message and event shapes exactly (both directions)", () => {
    expectTypeOf<Ours.AssistantMessage>().toExtend<RealMessage>();
    expectTypeOf<RealMessage>().toExtend<Ours.AssistantMessage>();
    expectTypeOf<Ours.AssistantMessageEvent>().toExtend<RealEvent>();
    expectTypeOf<RealEvent>().toExtend<Ours.AssistantMessageEvent>();
    expectTypeOf<Ours.ToolCall>().toExtend<RealToolCall>();
    expectTypeOf<RealToolCall>().toExtend<Ours.ToolCall>();
    expectTypeOf<Ours.AssistantContentBlock>().toExtend<RealBlock>();
    expectTypeOf<RealBlock>().toExtend<Ours.AssistantContentBlock>();
    expectTypeOf<Ours.AssistantMessageEventType>().toEqualTypeOf<RealEvent["type"]>();
    expectTypeOf<Ours.StopReason>().toEqualTypeOf<RealMessage["stopReason"]>();
    expectTypeOf<Ours.AssistantMessageEventStreamLike>().toExtend<RealStream>();
    expectTypeOf<RealStream>().toExtend<Ours.AssistantMessageEventStreamLike>();
  });

  it("stream functions convert both ways", () => {
    expectTypeOf<Ours.StreamFn>().toExtend<RealStreamFn>();
    expectTypeOf<RealStreamFn>().toExtend<Ours.StreamFn>();
    expectTypeOf<RealModel>().toExtend<Ours.ProviderRuntimeModel>();
    expectTypeOf<Real.ProviderRuntimeModel>().toExtend<Ours.ProviderRuntimeModel>();
  });

  it("accepts every context OpenClaw passes to the hooks", () => {
    expectTypeOf<Real.ProviderWrapStreamFnContext>().toExtend<Ours.ProviderWrapStreamFnContext>();
    expectTypeOf<Real.ProviderNormalizeToolSchemasContext>().toExtend<
      Ours.ProviderNormalizeToolSchemasContext<Real.AnyAgentTool>
    >();
    expectTypeOf<Real.ProviderNormalizeToolSchemasContext>().toExtend<Ours.ProviderNormalizeToolSchemasContext>();
    expectTypeOf<Real.ProviderReplayPolicyContext>().toExtend<Ours.ProviderReplayPolicyContext>();
    expectTypeOf<Real.AnyAgentTool>().toExtend<Ours.AnyAgentTool>();
  });

  it("what a plugin builds is what OpenClaw accepts", () => {
    expectTypeOf<Ours.ProviderPlugin>().toExtend<Real.ProviderPlugin>();
    expectTypeOf<Ours.OpenClawPluginDefinition>().toExtend<Real.OpenClawPluginDefinition>();
    expectTypeOf<Real.OpenClawPluginApi>().toExtend<Ours.OpenClawPluginApi>();
    expectTypeOf<Ours.ProviderToolSchemaDiagnostic>().toEqualTypeOf<Real.ProviderToolSchemaDiagnostic>();
  });

  it("names only hooks that OpenClaw's ProviderPlugin has, with the same signatures", () => {
    expectTypeOf<Ours.ProviderHookName>().toExtend<keyof Real.ProviderPlugin>();
    expectTypeOf<Pick<Ours.ProviderPlugin, Ours.ProviderHookName>>().toExtend<
      Pick<Real.ProviderPlugin, Ours.ProviderHookName>
    >();
    expectTypeOf<Ours.ProviderHookName>().toEqualTypeOf<
      Exclude<keyof Ours.ProviderPlugin, "id" | "label" | "auth" | "docsPath" | "aliases">
    >();
  });
});
