/**
 * The baselines' clients of OpenClaw, outside the e2e harness's way of running a turn: a command run as a user starts
 * it (openclaw.mjs with its own re-exec), and a turn sent to a running gateway by the CLI or over its HTTP endpoint.
 * Run under Node 24 by bare-turn.ts.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { type GatewayOptions, makeOpenclawDirs, plainOpenclawEnv } from "@model-setup/e2e";

/**
 * Turns through one long-lived gateway: its start, the warm-up turn, the CLI turns after it (`openclaw agent --json`,
 * a cold client process each), turns sent to its HTTP endpoint (no client process), then per round a config rewrite
 * until the gateway applied it, and `config.get` read from it over its WebSocket.
 */
export interface WarmTurns {
  startMs: number;
  firstTurnMs: number;
  warmTurnsMs: number[];
  httpTurnsMs: number[];
  /** Config file rewritten until `config.get` shows the new revision applied. */
  reloadMs: number[];
  /** `config.get`: the file's validity and warnings, and the applied revision. */
  configGetMs: number[];
}

/** What this script prints: cold `agent exec` turns, then turns through one gateway. */
export interface BareTurns {
  turnsMs: number[];
  gateway: WarmTurns;
}

export interface CapturedRun {
  exitCode: number | null;
  durationMs: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs one openclaw command as a user starts it (`node openclaw.mjs …`, its own re-exec included), its output
 * captured in memory; killed after `timeoutMs`. For the baselines, outside the harness's artefact files.
 */
export function runOpenclawCaptured(
  node24: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<CapturedRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(node24, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, durationMs: Date.now() - started, stdout, stderr });
    });
  });
}

/**
 * One turn through the running gateway, sent as a user sends one from a terminal (`openclaw agent --json`): a cold
 * CLI client in folders of its own, the gateway warm. `sessionId` keeps the turn's transcript apart.
 */
export function gatewayTurn(
  options: GatewayOptions,
  turn: { sessionId: string; modelRef: string; prompt: string; timeoutSeconds: number },
): Promise<CapturedRun> {
  const dirs = makeOpenclawDirs(join(options.root, "clients", turn.sessionId));
  const args = [options.openclawMjs, "agent", "--session-id", turn.sessionId, "--model", turn.modelRef];
  args.push("--message", turn.prompt, "--json", "--timeout", String(turn.timeoutSeconds));
  const env = {
    ...plainOpenclawEnv(options.node24, dirs, options.configPath),
    OPENCLAW_GATEWAY_TOKEN: options.token,
  };
  return runOpenclawCaptured(options.node24, args, {
    cwd: dirs.work,
    env,
    timeoutMs: (turn.timeoutSeconds + 30) * 1000,
  });
}

export interface GatewayHttpTurn {
  status: number;
  durationMs: number;
  /** The answer's text (`choices[0].message.content`), or the response body when it is not one. */
  content: string;
}

/**
 * One turn through the gateway's OpenAI-compatible endpoint (`POST /v1/chat/completions`), no client process at all:
 * the model picked with `x-openclaw-model`, the session with `x-openclaw-session-key`.
 */
export async function gatewayHttpTurn(
  options: GatewayOptions,
  turn: { sessionKey: string; modelRef: string; prompt: string; timeoutSeconds: number },
): Promise<GatewayHttpTurn> {
  const started = Date.now();
  const response = await fetch(`http://127.0.0.1:${options.port}/v1/chat/completions`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${options.token}`,
      "content-type": "application/json",
      "x-openclaw-model": turn.modelRef,
      "x-openclaw-session-key": turn.sessionKey,
    },
    body: JSON.stringify({ model: "openclaw", messages: [{ role: "user", content: turn.prompt }] }),
    signal: AbortSignal.timeout(turn.timeoutSeconds * 1000),
  });
  const text = await response.text();
  const durationMs = Date.now() - started;
  let content = text;
  try {
    const answer = JSON.parse(text) as { choices?: { message?: { content?: unknown } }[] };
    const message = answer.choices?.[0]?.message?.content;
    if (typeof message === "string") content = message;
  } catch {
    // Not JSON: the body itself says what went wrong.
  }
  return { status: response.status, durationMs, content };
}
