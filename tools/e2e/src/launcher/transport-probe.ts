/**
 * Runs under Node 24: the staged shaping plugin around OpenClaw's own chat-completions transport
 * (`@openclaw/ai/transports`, the package OpenClaw 2026.9.6 sends requests with), against the scripted mock on a
 * loopback port. For the request kinds OpenClaw's agent turns never send through a provider (no system message, no
 * tools), this is the real transport with a real streaming request: the shaped body must arrive whole (its
 * Content-Length is what the transport computed) and the streamed answer must come back.
 *
 * Usage: `node transport-probe.js <input.json>`; prints one JSON result per scenario.
 */
import { readFileSync, realpathSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import type {
  OpenClawPluginDefinition,
  ProviderPlugin,
  ProviderRuntimeModel,
  StreamFn,
} from "@model-setup/openclaw-plugin-api";
import { createMockHandler } from "../mock/server.js";
import type { RecordedRequest } from "../mock/types.js";

export interface ProbeScenario {
  name: string;
  /** The route's model the plugin is configured for, and the model the request goes to. */
  configuredModel: string;
  model: string;
  systemPrompt?: string;
  tools?: string[];
  /** A field an earlier payload hook (standing for OpenClaw's own wrappers) adds to the body. */
  earlierField?: [string, unknown];
}

export interface ProbeInput {
  openclawPackageJson: string;
  pluginBundle: string;
  pluginRules: Record<string, unknown>;
  scenarios: ProbeScenario[];
}

export interface ProbeResult {
  name: string;
  wrapped: boolean;
  requests: Pick<RecordedRequest, "headers" | "body" | "bodyBytes">[];
  answer: string;
  stopReason: string;
}

const PROVIDER = "inference";
const API = "openai-completions";

async function runScenario(
  input: ProbeInput,
  plugin: OpenClawPluginDefinition,
  transport: () => StreamFn,
  scenario: ProbeScenario,
): Promise<ProbeResult> {
  const requests: RecordedRequest[] = [];
  const server = createServer(
    createMockHandler({
      script: [{ content: "step one, step two" }],
      modelIds: [scenario.model],
      onRequest: (request) => requests.push(request),
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  try {
    const providers: ProviderPlugin[] = [];
    plugin.register({
      pluginConfig: {
        route: { provider: PROVIDER, model: scenario.configuredModel, api: API, baseUrl },
        ...input.pluginRules,
      },
      logger: { warn: (message) => process.stderr.write(`${message}\n`) },
      registerProvider: (provider) => providers.push(provider),
    });
    const model = {
      id: scenario.model,
      name: scenario.model,
      api: API,
      provider: PROVIDER,
      baseUrl,
      reasoning: false,
      input: ["text"],
      cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
      contextWindow: 8192,
      maxTokens: 256,
    } as ProviderRuntimeModel;
    const base = transport();
    const wrapped = providers[0]?.wrapStreamFn?.({
      provider: PROVIDER,
      modelId: scenario.model,
      model,
      streamFn: base,
    });
    const tools = (scenario.tools ?? []).map((name) => ({
      name,
      description: `${name} tool`,
      parameters: { type: "object", properties: {} },
    }));
    const earlier = scenario.earlierField;
    const stream = await (wrapped ?? base)(
      model,
      {
        ...(scenario.systemPrompt ? { systemPrompt: scenario.systemPrompt } : {}),
        messages: [{ role: "user", content: "How do I build it?", timestamp: 0 }],
        ...(tools.length > 0 ? { tools } : {}),
      },
      {
        apiKey: "probe-key",
        ...(earlier
          ? { onPayload: (payload: unknown) => ({ ...(payload as object), [earlier[0]]: earlier[1] }) }
          : {}),
      } as object,
    );
    for await (const _event of stream as AsyncIterable<unknown>) {
      // drained: the answer is read from the final message
    }
    const message = (await stream.result()) as {
      content: { type: string; text?: string }[];
      stopReason: string;
    };
    return {
      name: scenario.name,
      wrapped: wrapped !== undefined && wrapped !== null,
      requests: requests.map(({ headers, body, bodyBytes }) => ({ headers, body, bodyBytes })),
      answer: message.content.map((block) => block.text ?? "").join(""),
      stopReason: message.stopReason,
    };
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

async function main(inputFile: string): Promise<void> {
  const input = JSON.parse(readFileSync(inputFile, "utf8")) as ProbeInput;
  // The transport package is OpenClaw's dependency, resolved from where the openclaw package really lives.
  const fromOpenclaw = createRequire(realpathSync(input.openclawPackageJson));
  const transports = (await import(fromOpenclaw.resolve("@openclaw/ai/transports"))) as {
    createOpenAICompletionsTransportStreamFn: () => StreamFn;
  };
  const plugin = ((await import(input.pluginBundle)) as { default: OpenClawPluginDefinition }).default;
  const results: ProbeResult[] = [];
  for (const scenario of input.scenarios) {
    results.push(
      await runScenario(input, plugin, transports.createOpenAICompletionsTransportStreamFn, scenario),
    );
  }
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

const inputFile = process.argv[2];
if (!inputFile) {
  process.stderr.write("usage: transport-probe.js <input.json>\n");
  process.exit(64);
}
main(inputFile).catch((error: unknown) => {
  process.stderr.write(
    `transport probe failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(70);
});
