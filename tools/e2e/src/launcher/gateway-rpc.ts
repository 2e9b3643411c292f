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

export interface GatewayRpc {
  call(method: string, params?: Record<string, unknown>): Promise<unknown>;
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
  const pending = new Map<string, { method: string; resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 0;
  const send = (method: string, params: Record<string, unknown>): Promise<unknown> => {
    const id = `r${++nextId}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`gateway ${method}: no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, {
        method,
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
              call: (method, callParams = {}) => send(method, callParams),
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
