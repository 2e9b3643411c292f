/**
 * The subset of OpenClaw's provider-plugin hook surface (`openclaw/plugin-sdk/plugin-entry`) that intervention
 * plugins use. Contexts are subsets (what OpenClaw passes is assignable to them); the plugin shapes are
 * subsets in the other direction (what a plugin builds is assignable to OpenClaw's). `test/drift.test-d.ts`
 * checks both against the pinned `openclaw` declarations.
 */
import type { Api, AssistantMessageEventStreamLike } from "./messages.js";

/** The fields of OpenClaw's resolved runtime model that route checks read. */
export interface ProviderRuntimeModel {
  id: string;
  name: string;
  api: Api;
  provider: string;
  baseUrl: string;
}

/** The request context a stream function receives; plugins here only forward it. */
export interface Context {
  systemPrompt?: string;
  messages: unknown[];
  tools?: unknown[];
}

/**
 * Stream options; forwarded, except that a wrapper may chain `onPayload`: OpenClaw calls it with the request body
 * (an object, before it is serialised) and sends what it returns instead, or the body itself when it returns
 * undefined.
 */
export interface SimpleStreamOptions {
  signal?: AbortSignal;
  onPayload?(payload: unknown, model: ProviderRuntimeModel): unknown;
}

/**
 * `(model, context, options?) => stream | Promise<stream>`.
 *
 * Declared through a method signature so its parameters compare bivariantly: a wrapper only forwards
 * `model`, `context` and `options`, so it can use the small subsets above and still be assignable to and from
 * OpenClaw's `StreamFn` (whose `Model` and `Context` carry far more fields).
 */
export type StreamFn = {
  bivarianceHack(
    model: ProviderRuntimeModel,
    context: Context,
    options?: SimpleStreamOptions,
  ): AssistantMessageEventStreamLike | Promise<AssistantMessageEventStreamLike>;
}["bivarianceHack"];

/** Context of `buildReplayPolicy` and the base of the tool-schema contexts. */
export interface ProviderReplayPolicyContext {
  provider: string;
  modelId?: string;
  modelApi?: string | null;
  model?: ProviderRuntimeModel;
  agentDir?: string;
  workspaceDir?: string;
}

/** The fields of an agent tool that schema hooks read or rewrite. */
export interface AnyAgentTool {
  name: string;
  description: string;
  /** A TypeBox / JSON Schema object; read as unknown. */
  parameters: unknown;
}

export interface ProviderNormalizeToolSchemasContext<TTool extends AnyAgentTool = AnyAgentTool>
  extends ProviderReplayPolicyContext {
  tools: TTool[];
}

export interface ProviderToolSchemaDiagnostic {
  toolName: string;
  toolIndex?: number;
  violations: string[];
}

/** Context of `prepareExtraParams`, the base of the stream-wrapper context. */
export interface ProviderPrepareExtraParamsContext {
  provider: string;
  modelId: string;
  model?: ProviderRuntimeModel;
  agentDir?: string;
  workspaceDir?: string;
  agentId?: string;
  extraParams?: Record<string, unknown>;
}

export interface ProviderWrapStreamFnContext extends ProviderPrepareExtraParamsContext {
  /** Wire-format API before simple completion projects an internal transport alias (often absent). */
  sourceApi?: Api;
  /** The stream function to wrap (always present in observed runs). */
  streamFn?: StreamFn;
}

/**
 * A provider registration. Only auth-less providers are expressible (`auth: []`): intervention plugins attach
 * hooks to a provider whose credentials come from config.
 *
 * `normalizeToolSchemas` is generic in the tool type so that a plugin returns the tools OpenClaw gave it (full
 * agent tools, with `execute` and friends) without this package having to describe them.
 */
export interface ProviderPlugin {
  id: string;
  label: string;
  auth: [];
  docsPath?: string;
  aliases?: string[];
  normalizeToolSchemas?: <TTool extends AnyAgentTool>(
    ctx: ProviderNormalizeToolSchemasContext<TTool>,
  ) => TTool[] | null | undefined;
  inspectToolSchemas?: (
    ctx: ProviderNormalizeToolSchemasContext,
  ) => ProviderToolSchemaDiagnostic[] | null | undefined;
  wrapStreamFn?: (ctx: ProviderWrapStreamFnContext) => StreamFn | null | undefined;
}

/** The part of the plugin API that provider plugins call. */
export interface OpenClawPluginApi {
  /** The plugin's `plugins.entries.<id>.config`, validated by OpenClaw against the manifest's `configSchema`. */
  pluginConfig?: Record<string, unknown>;
  logger: { warn: (message: string) => void };
  registerProvider(provider: ProviderPlugin): void;
}

/** The default export of a plugin entry module. */
export interface OpenClawPluginDefinition {
  id: string;
  name: string;
  description?: string;
  register: (api: OpenClawPluginApi) => void;
}

/** Names of the hooks this package describes (each is a key of OpenClaw's ProviderPlugin). */
export type ProviderHookName = "normalizeToolSchemas" | "inspectToolSchemas" | "wrapStreamFn";
