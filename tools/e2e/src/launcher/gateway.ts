/**
 * One long-lived `openclaw gateway run`: the process a batch of cases shares instead of a cold `agent exec` each
 * (gateway-runner.ts; docs/e2e.md, "Batches"), and the one `pnpm bench` times turns through (tools/bench
 * baselines). Runs under Node 24, in a private /tmp and pid
 * namespace set up by the caller, so the gateway's lock and log folders and any process it leaves behind stay out
 * of the machine's sight.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { makeOpenclawDirs, plainOpenclawEnv } from "./openclaw-cli.js";

export interface GatewayOptions {
  node24: string;
  openclawMjs: string;
  /** Scratch folder: the gateway's folders and its log, and one folder per client turn. */
  root: string;
  configPath: string;
  port: number;
  token: string;
  readyTimeoutMs: number;
  /** Added to the gateway's plain environment (e.g. NODE_EXTRA_CA_CERTS for a mock behind TLS). */
  extraEnv?: NodeJS.ProcessEnv;
}

export interface Gateway {
  /** Wall time from the spawn until the HTTP endpoint answered `/healthz`. */
  startMs: number;
  /** The gateway's stdout and stderr, appended to while it runs. */
  logFile: string;
  /** Its state folder (the agent's SQLite transcript lives below it). */
  stateDir: string;
  stop(): Promise<void>;
}

/**
 * The `gateway` section a config needs for a local gateway its clients can reach: loopback only, the shared token
 * (the CLI sends it from OPENCLAW_GATEWAY_TOKEN, an HTTP client as a bearer token; no device pairing on loopback),
 * and the OpenAI-compatible chat endpoint on.
 */
export function gatewaySection(port: number, token: string): Record<string, unknown> {
  const http = { endpoints: { chatCompletions: { enabled: true } } };
  return { mode: "local", port, bind: "loopback", auth: { mode: "token", token }, http };
}

/** A port nothing listens on right now on 127.0.0.1 (asked of the kernel, then released for the gateway). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function tail(file: string, chars = 2000): string {
  try {
    return readFileSync(file, "utf8").slice(-chars);
  } catch {
    return "";
  }
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once("exit", (code) => resolve(code));
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts the gateway as a user would (openclaw.mjs with its own re-exec) and waits until `/healthz` answers 200.
 * Throws with the log's tail when it exits first (an invalid config exits 78) or is not up in time.
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const dirs = makeOpenclawDirs(join(options.root, "gateway"));
  const logFile = join(options.root, "gateway.log");
  const log = openSync(logFile, "w");
  const started = Date.now();
  const child = spawn(options.node24, [options.openclawMjs, "gateway", "run"], {
    cwd: dirs.work,
    env: { ...plainOpenclawEnv(options.node24, dirs, options.configPath), ...options.extraEnv },
    stdio: ["ignore", log, log],
  });
  closeSync(log);
  const exit = exited(child);
  let gone = false;
  void exit.then(() => {
    gone = true;
  });
  const stop = async () => {
    if (gone) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    await exit;
    clearTimeout(timer);
  };
  const url = `http://127.0.0.1:${options.port}/healthz`;
  while (!gone) {
    if (Date.now() - started > options.readyTimeoutMs) {
      await stop();
      throw new Error(`the gateway was not up within ${options.readyTimeoutMs} ms:\n${tail(logFile)}`);
    }
    const status = await fetch(url).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return { startMs: Date.now() - started, logFile, stateDir: dirs.state, stop };
    await pause(100);
  }
  throw new Error(`the gateway exited (${await exit}) before it was up:\n${tail(logFile)}`);
}
