/**
 * A minimal client of the gateway's WebSocket protocol (v4), for reading its runtime state: connect as a local
 * backend client with the shared token (on loopback that needs no device identity), then request/response calls
 * such as `config.get`. Runs under Node 24 (global WebSocket). Events other than the connect
 * challenge are ignored.
 */

const PROTOCOL = 4;

/** The part of a WebSocket the client uses (the global one under Node 24; tests pass an in-memory one). */
export interface SocketLike {
  send(data: string): void;
  close(): void;
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
  addEventListener(type: "error" | "close", listener: () => void): void;
}

export interface ConnectOptions {
  /** For the handshake with its retries, and for each call. */
  timeoutMs?: number;
  openSocket?: (url: string) => SocketLike;
}

export interface CallOptions {
  /**
   * For methods that answer twice (`agent`): skip the first answer (`status: "accepted"`) and resolve with the
   * final one, as OpenClaw's own client does.
   */
  expectFinal?: boolean;
  /** With `expectFinal`: told of the first answer (an accepted `agent` run names its `runId` there). */
  onAccepted?: (payload: unknown) => void;
  /** This call's own limit, instead of the connection's. */
  timeoutMs?: number;
}

export interface GatewayRpc {
  call(method: string, params?: Record<string, unknown>, options?: CallOptions): Promise<unknown>;
  close(): void;
}

export class GatewayRpcError extends Error {
  readonly method: string;
  readonly error: unknown;
  constructor(method: string, error: unknown) {
    super(`gateway ${method} failed: ${JSON.stringify(error).slice(0, 600)}`);
    this.method = method;
    this.error = error;
  }
}

interface Frame {
  type?: unknown;
  id?: unknown;
  ok?: unknown;
  payload?: unknown;
  error?: unknown;
  event?: unknown;
}

function isAccepted(payload: unknown): boolean {
  return (
    typeof payload === "object" && payload !== null && (payload as { status?: unknown }).status === "accepted"
  );
}

/** A refusal the gateway marks as worth retrying (e.g. `gateway starting; retry shortly`), and after how long. */
function retryAfter(error: unknown): number | null {
  if (!(error instanceof GatewayRpcError) || typeof error.error !== "object" || error.error === null)
    return null;
  const { retryable, retryAfterMs } = error.error as { retryable?: unknown; retryAfterMs?: unknown };
  if (retryable !== true) return null;
  return typeof retryAfterMs === "number" && retryAfterMs > 0 ? retryAfterMs : 500;
}

/**
 * Connects, retrying while the gateway answers with a retryable refusal (it accepts HTTP before its sidecars are up,
 * and refuses WebSocket clients until then), for at most `timeoutMs`.
 */
export async function connectGateway(
  port: number,
  token: string,
  { timeoutMs = 60_000, openSocket = (url) => new WebSocket(url) }: ConnectOptions = {},
): Promise<GatewayRpc> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const socket = openSocket(`ws://127.0.0.1:${port}`);
      return await connectOnce(socket, port, token, Math.max(1, deadline - Date.now()), timeoutMs);
    } catch (error) {
      const wait = retryAfter(error);
      if (wait === null || Date.now() + wait > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

function connectOnce(
  socket: SocketLike,
  port: number,
  token: string,
  handshakeMs: number,
  timeoutMs: number,
): Promise<GatewayRpc> {
  const pending = new Map<
    string,
    {
      method: string;
      expectFinal: boolean;
      onAccepted?: (payload: unknown) => void;
      resolve(v: unknown): void;
      reject(e: Error): void;
    }
  >();
  let nextId = 0;
  const send = (
    method: string,
    params: Record<string, unknown>,
    options: CallOptions = {},
  ): Promise<unknown> => {
    const id = `r${++nextId}`;
    const limitMs = options.timeoutMs ?? timeoutMs;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`gateway ${method}: no answer within ${limitMs} ms`));
      }, limitMs);
      pending.set(id, {
        method,
        expectFinal: options.expectFinal === true,
        ...(options.onAccepted ? { onAccepted: options.onAccepted } : {}),
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      socket.send(JSON.stringify({ type: "req", id, method, params }));
    });
  };
  const failAll = (error: Error) => {
    for (const call of pending.values()) call.reject(error);
    pending.clear();
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`gateway handshake: no hello within ${handshakeMs} ms`));
    }, handshakeMs);
    socket.addEventListener("error", () => {
      clearTimeout(timer);
      const error = new Error(`gateway WebSocket on port ${port} failed`);
      failAll(error);
      reject(error);
    });
    socket.addEventListener("close", () => failAll(new Error("gateway WebSocket closed")));
    socket.addEventListener("message", (message) => {
      const frame = JSON.parse(String(message.data)) as Frame;
      if (frame.type === "event" && frame.event === "connect.challenge") {
        const client = {
          id: "gateway-client",
          version: "model-setup-e2e",
          platform: process.platform,
          mode: "backend",
        };
        const params = {
          minProtocol: PROTOCOL,
          maxProtocol: PROTOCOL,
          client,
          role: "operator",
          scopes: ["operator.read", "operator.admin"],
          caps: [],
          auth: { token },
        };
        send("connect", params).then(
          () => {
            clearTimeout(timer);
            resolve({
              call: (method, callParams = {}, callOptions = {}) => send(method, callParams, callOptions),
              close: () => socket.close(),
            });
          },
          (error: Error) => {
            clearTimeout(timer);
            socket.close();
            reject(error);
          },
        );
        return;
      }
      if (frame.type !== "res" || typeof frame.id !== "string") return;
      const call = pending.get(frame.id);
      if (!call) return;
      if (call.expectFinal && frame.ok === true && isAccepted(frame.payload)) {
        call.onAccepted?.(frame.payload);
        return;
      }
      pending.delete(frame.id);
      if (frame.ok === true) call.resolve(frame.payload);
      else call.reject(new GatewayRpcError(call.method, frame.error));
    });
  });
}

/** What `config.get` says of the config file and of the config the running gateway accepted. */
export interface GatewayConfigState {
  valid: boolean;
  issues: unknown[];
  warnings: unknown[];
  /** The resolved revision of the file as it is now; none while the file is invalid. */
  revision: string | null;
  /** The resolved revision the running gateway accepted (after its start or its last reload). */
  applied: string | null;
  /** The file as the gateway parsed it, secrets replaced by {@link REDACTED}. */
  parsed: unknown;
}

/** What `config.get` shows instead of a secret (an API key, the gateway token). */
export const REDACTED = "__OPENCLAW_REDACTED__";

/**
 * Whether `parsed` (config.get's view of the file) is exactly `written`, a redacted value standing for any string:
 * the proof that the file the gateway read is the one the harness wrote.
 */
export function sameConfig(parsed: unknown, written: unknown): boolean {
  if (parsed === REDACTED) return typeof written === "string";
  if (Array.isArray(parsed))
    return (
      Array.isArray(written) &&
      parsed.length === written.length &&
      parsed.every((item, i) => sameConfig(item, written[i]))
    );
  if (typeof parsed === "object" && parsed !== null) {
    if (typeof written !== "object" || written === null || Array.isArray(written)) return false;
    const keys = Object.keys(parsed);
    const writtenRecord = written as Record<string, unknown>;
    return (
      keys.length === Object.keys(writtenRecord).length &&
      keys.every(
        (key) =>
          key in writtenRecord && sameConfig((parsed as Record<string, unknown>)[key], writtenRecord[key]),
      )
    );
  }
  return parsed === written;
}

export async function configState(rpc: GatewayRpc): Promise<GatewayConfigState> {
  const state = (await rpc.call("config.get")) as Record<string, unknown>;
  const list = (value: unknown) => (Array.isArray(value) ? value : []);
  const text = (value: unknown) => (typeof value === "string" ? value : null);
  if (typeof state.valid !== "boolean")
    throw new Error(`config.get returned no validity: ${JSON.stringify(state).slice(0, 400)}`);
  return {
    valid: state.valid,
    issues: list(state.issues),
    warnings: list(state.warnings),
    revision: text(state.configRevisionHash),
    applied: text(state.appliedConfigHash),
    parsed: state.parsed,
  };
}

/**
 * After the config file was rewritten: waits until the gateway reports a revision other than `before` and has
 * applied it (hot reload or restart), polling `config.get`. Throws with the last state when that does not happen in
 * time, e.g. because the file is invalid (no revision, `valid: false` and its issues) and the gateway kept its last
 * good config.
 */
export async function configApplied(
  rpc: GatewayRpc,
  before: string | null,
  timeoutMs: number,
): Promise<GatewayConfigState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await configState(rpc);
    if (state.revision !== null && state.revision !== before && state.applied === state.revision)
      return state;
    if (Date.now() > deadline)
      throw new Error(
        `the gateway did not apply the new config within ${timeoutMs} ms: ${JSON.stringify(state)}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Whether the gateway runs a file exactly as written; `timedOut` when it never showed that. */
export interface ConfigTaken {
  state: GatewayConfigState;
  taken: boolean;
  timedOut: boolean;
}

/**
 * After `written` was saved as the gateway's config file: reads the state until `config.get` describes exactly
 * `written` (secrets redacted), as invalid (not taken: the gateway keeps its last good config) or as the applied
 * revision, or `timeoutMs` has passed. Unlike {@link configApplied} it needs no new revision, so it also proves a file that did not change
 * (consecutive cases with equal configs). An invalid state without a parsed view (how 2026.9.6 shows a refused file)
 * is not taken for a refusal: right after a switch config.get has reported a valid file invalid for a moment
 * (measured 2026-12-07, a Kimi config whose shaping-plugin entry read as missing its `route`), so a refused file is
 * known only when the wait ends.
 */
export async function configTaken(
  read: () => Promise<GatewayConfigState>,
  written: unknown,
  timeoutMs: number,
): Promise<ConfigTaken> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await read();
    // Right after the write, config.get can still describe the previous file: only this file's state counts.
    if (sameConfig(state.parsed, written)) {
      if (!state.valid) return { state, taken: false, timedOut: false };
      const applied = state.revision !== null && state.applied === state.revision;
      if (applied) return { state, taken: true, timedOut: false };
    }
    if (Date.now() > deadline) return { state, taken: false, timedOut: true };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
