/**
 * The baselines the e2e timings are compared with, both as a user would start OpenClaw (openclaw.mjs with its own
 * re-exec, no harness), with a minimal hand-written config, no plugin and no checks, against the scripted mock
 * over plain HTTP on 127.0.0.1. The turn is of the cases' kind: one exec call (`echo`), then a final answer.
 *
 * - cold: `repeats` plain `openclaw agent exec` turns, each its own OpenClaw (what every case pays today);
 * - warm: `repeats + 1` turns through one `openclaw gateway run` on the same config, each sent by the CLI
 *   (`openclaw agent --json`), the first of them also warming the gateway up, then `repeats` turns sent to its
 *   OpenAI-compatible HTTP endpoint, and `repeats` rounds of what a case's switch and checks would cost there: the
 *   config rewritten until the gateway applied it and `config.get` over its WebSocket (what a
 *   batch of cases sharing one OpenClaw would pay per case).
 *
 * Executed by Node 24 under `unshare -m -p` (see baselines in ../e2e.ts), only so that /tmp is private (OpenClaw's
 * lock and log folders are not left on the machine) and the gateway cannot outlive the run.
 * Usage: `node dist/baselines/bare-turn.js <scratch-dir> <repeats>` (the caller makes and removes the scratch
 * folder); prints a {@link BareTurns} document.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import {
  configApplied,
  configState,
  connectGateway,
  createMockHandler,
  freeLoopbackPort,
  type GatewayOptions,
  gatewaySection,
  type MockReply,
  makeOpenclawDirs,
  NODE24,
  OPENCLAW_MJS,
  plainOpenclawEnv,
  privateTmp,
  REPO_ROOT,
  startGateway,
} from "@model-setup/e2e";
import {
  type BareTurns,
  type CapturedRun,
  gatewayHttpTurn,
  gatewayTurn,
  runOpenclawCaptured,
  type WarmTurns,
} from "./clients.js";

/** Any model: the bare turn has no intervention, only the plain OpenClaw run a case is compared with. */
const MODEL = "vendor/bare-model";
const PROMPT = "Print a marker.";
const SCRIPT: MockReply[] = [
  { toolCalls: [{ id: "call_bare_1", name: "exec", arguments: { command: "echo bare-turn" } }] },
  { content: "done" },
];

function config(port: number, maxTokens = 8192): Record<string, unknown> {
  const model = {
    id: MODEL,
    name: MODEL,
    reasoning: false,
    input: ["text"],
    contextWindow: 131072,
    maxTokens,
  };
  const cost = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
  const provider = {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    apiKey: "bare-mock-key",
    api: "openai-completions",
    models: [{ ...model, cost }],
  };
  return {
    models: { mode: "merge", providers: { inference: provider } },
    agents: { defaults: { model: { primary: `inference/${MODEL}` } } },
  };
}

/**
 * The mock on 127.0.0.1; `rewind()` gives the next turn the script from its start, `chatRequests()` counts the chat
 * requests since (both scripted replies served: the exec call's result came back, i.e. the tool ran).
 */
async function startMock(): Promise<{ port: number; rewind(): void; chatRequests(): number; close(): void }> {
  let handler = createMockHandler({ script: SCRIPT, modelIds: [MODEL] });
  let chatRequests = 0;
  const server = createServer((request, response) => {
    if (request.method === "POST" && request.url?.endsWith("/chat/completions")) chatRequests++;
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    rewind() {
      handler = createMockHandler({ script: SCRIPT, modelIds: [MODEL] });
      chatRequests = 0;
    },
    chatRequests: () => chatRequests,
    close() {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** A failed turn must never pass for a fast one: it exited 0, reports success and ran the one exec call. */
function requireTurnDone(label: string, turn: CapturedRun, success: RegExp): void {
  const { exitCode, stdout, stderr } = turn;
  if (exitCode !== 0 || !success.test(stdout) || !/"calls"\s*:\s*1\b/.test(stdout)) {
    throw new Error(`${label} failed (exit ${exitCode}): ${stdout.slice(0, 400)}\n${stderr.slice(-1200)}`);
  }
}

async function oneTurn(root: string): Promise<number> {
  const dirs = makeOpenclawDirs(root); // the harness's layout, compile cache included
  const mock = await startMock();
  const configPath = join(root, "openclaw.json");
  writeFileSync(configPath, JSON.stringify(config(mock.port)));
  const args = [
    OPENCLAW_MJS,
    "agent",
    "exec",
    "--config",
    configPath,
    "--state-dir",
    dirs.state,
    "--cwd",
    dirs.work,
  ];
  args.push("--model", `inference/${MODEL}`, "--json", "--timeout", "60", PROMPT);
  const env = plainOpenclawEnv(NODE24, dirs, configPath);
  try {
    const turn = await runOpenclawCaptured(NODE24, args, { cwd: dirs.work, env, timeoutMs: 90_000 });
    requireTurnDone("bare turn", turn, /"ok"\s*:\s*true/);
    return turn.durationMs;
  } finally {
    mock.close();
  }
}

/**
 * The same turn through one gateway started on the same config (plus its `gateway` section): what a batch of cases
 * sharing one OpenClaw would pay. `cliTurns` turns sent by the CLI (the first of them also warms the gateway's
 * agent runtime up), then `cliTurns - 1` sent to its HTTP endpoint with no client process.
 */
async function gatewayTurns(root: string, cliTurns: number): Promise<WarmTurns> {
  mkdirSync(root, { recursive: true });
  const mock = await startMock();
  const port = await freeLoopbackPort();
  const options: GatewayOptions = {
    node24: NODE24,
    openclawMjs: OPENCLAW_MJS,
    root,
    configPath: join(root, "openclaw.json"),
    port,
    token: "bare-gateway-token",
    readyTimeoutMs: 120_000,
  };
  const writeConfig = (maxTokens?: number) =>
    writeFileSync(
      options.configPath,
      JSON.stringify({ ...config(mock.port, maxTokens), gateway: gatewaySection(port, options.token) }),
    );
  writeConfig();
  const turn = { modelRef: `inference/${MODEL}`, prompt: PROMPT, timeoutSeconds: 60 };
  try {
    const gateway = await startGateway(options);
    try {
      const cliTurnsMs: number[] = [];
      for (let i = 0; i < cliTurns; i++) {
        mock.rewind();
        const done = await gatewayTurn(options, { ...turn, sessionId: `bare-cli-${i}` });
        requireTurnDone(`gateway turn ${i + 1}`, done, /"status"\s*:\s*"ok"/);
        cliTurnsMs.push(done.durationMs);
      }
      const httpTurnsMs: number[] = [];
      for (let i = 1; i < cliTurns; i++) {
        mock.rewind();
        const done = await gatewayHttpTurn(options, { ...turn, sessionKey: `bare-http-${i}` });
        if (done.status !== 200 || done.content !== "done" || mock.chatRequests() !== SCRIPT.length) {
          const served = `${mock.chatRequests()} of ${SCRIPT.length} scripted replies served`;
          throw new Error(
            `gateway HTTP turn ${i} failed (${done.status}, ${served}): ${done.content.slice(0, 400)}`,
          );
        }
        httpTurnsMs.push(done.durationMs);
      }
      const [firstTurnMs = 0, ...warmTurnsMs] = cliTurnsMs;
      const checks = await gatewayChecks(options, cliTurns - 1, writeConfig);
      return { startMs: gateway.startMs, firstTurnMs, warmTurnsMs, httpTurnsMs, ...checks };
    } finally {
      await gateway.stop();
    }
  } finally {
    mock.close();
  }
}

/**
 * What a case's switch and checks would cost through the running gateway, `rounds` times: the config rewritten (a
 * real change each round) until `config.get` shows the new revision applied, then `config.get` read for validity and
 * warnings (the gateway's counterpart of `config validate`; it has none of `plugins inspect --runtime`, see
 * docs/e2e.md).
 */
async function gatewayChecks(
  options: GatewayOptions,
  rounds: number,
  writeConfig: (maxTokens: number) => void,
): Promise<Pick<WarmTurns, "reloadMs" | "configGetMs">> {
  const rpc = await connectGateway(options.port, options.token);
  const timed = async <T>(into: number[], work: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    const result = await work();
    into.push(Date.now() - started);
    return result;
  };
  try {
    const measured = { reloadMs: [] as number[], configGetMs: [] as number[] };
    let { revision } = await configState(rpc);
    for (let i = 1; i <= rounds; i++) {
      writeConfig(i % 2 === 1 ? 4096 : 8192);
      ({ revision } = await timed(measured.reloadMs, () => configApplied(rpc, revision, 60_000)));
      const state = await timed(measured.configGetMs, () => configState(rpc));
      if (!state.valid || state.warnings.length > 0 || state.applied !== revision)
        throw new Error(`config.get after reload ${i}: ${JSON.stringify(state)}`);
    }
    return measured;
  } finally {
    rpc.close();
  }
}

async function main(scratch: string, repeats: number): Promise<void> {
  privateTmp([REPO_ROOT, scratch]);
  const turnsMs: number[] = [];
  for (let i = 0; i < repeats; i++) turnsMs.push(await oneTurn(join(scratch, String(i))));
  const gateway = await gatewayTurns(join(scratch, "gateway"), repeats + 1);
  process.stdout.write(`${JSON.stringify({ turnsMs, gateway } satisfies BareTurns)}\n`);
}

const [scratch, repeatsArg] = process.argv.slice(2);
const repeats = Number(repeatsArg);
if (!scratch || !Number.isInteger(repeats) || repeats < 1) {
  process.stderr.write("usage: bare-turn.js <scratch-dir> <repeats>\n");
  process.exit(64);
}
main(scratch, repeats).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bare turn: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
