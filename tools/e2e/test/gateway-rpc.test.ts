import { describe, expect, it } from "vitest";
import {
  configApplied,
  configState,
  configTaken,
  connectGateway,
  type GatewayConfigState,
  type GatewayRpc,
  GatewayRpcError,
  REDACTED,
  type SocketLike,
  sameConfig,
} from "../src/launcher/gateway-rpc.js";

/**
 * The protocol client is tested against an in-memory stand-in of the gateway's side of the socket (challenge, then
 * request/response frames); the real gateway answers it in `pnpm e2e --timings` (src/bare-turn.ts).
 */
type Reply = { ok: true; payload: unknown } | { ok: false; error: unknown };
/** The gateway's answers to one request: none, one, or several in order (`agent`: accepted, then final). */
type Server = (method: string, params: Record<string, unknown>) => Reply | Reply[] | undefined;

class StandInSocket implements SocketLike {
  readonly sent: { method: string; params: Record<string, unknown> }[] = [];
  closed = false;
  private readonly listeners = new Map<string, ((event: { data: unknown }) => void)[]>();

  private readonly server: Server;

  constructor(server: Server) {
    this.server = server;
    setTimeout(() =>
      this.emit("message", { type: "event", event: "connect.challenge", payload: { nonce: "n", ts: 1 } }),
    );
  }

  addEventListener(type: string, listener: (event: { data: unknown }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  send(data: string): void {
    const frame = JSON.parse(data) as { id: string; method: string; params: Record<string, unknown> };
    this.sent.push({ method: frame.method, params: frame.params });
    const reply = this.server(frame.method, frame.params);
    for (const answer of Array.isArray(reply) ? reply : reply ? [reply] : [])
      setTimeout(() => this.emit("message", { type: "res", id: frame.id, ...answer }));
  }

  close(): void {
    this.closed = true;
    setTimeout(() => this.emit("close"));
  }

  private emit(type: string, frame?: unknown): void {
    for (const listener of this.listeners.get(type) ?? []) listener({ data: JSON.stringify(frame) });
  }
}

function standIn(server: Server): { sockets: StandInSocket[]; openSocket: (url: string) => SocketLike } {
  const sockets: StandInSocket[] = [];
  return {
    sockets,
    openSocket: () => {
      const socket = new StandInSocket(server);
      sockets.push(socket);
      return socket;
    },
  };
}

const hello: Reply = { ok: true, payload: { type: "hello-ok", protocol: 4 } };

describe("gateway protocol client", () => {
  it("answers the challenge as a local backend client with the shared token, then calls methods", async () => {
    const gateway = standIn((method) =>
      method === "connect" ? hello : { ok: true, payload: { echoed: method } },
    );
    const rpc = await connectGateway(1234, "t0ken", { openSocket: gateway.openSocket, timeoutMs: 5000 });
    expect(await rpc.call("config.get")).toEqual({ echoed: "config.get" });
    const [connect] = gateway.sockets[0]?.sent ?? [];
    expect(connect).toMatchObject({
      method: "connect",
      params: {
        minProtocol: 4,
        maxProtocol: 4,
        client: { id: "gateway-client", mode: "backend" },
        role: "operator",
        auth: { token: "t0ken" },
      },
    });
    expect(connect?.params).not.toHaveProperty("device");
    rpc.close();
    expect(gateway.sockets[0]?.closed).toBe(true);
  });

  it("reconnects while the gateway says it is starting, and gives up on any other refusal", async () => {
    let refusals = 2;
    const starting = {
      code: "UNAVAILABLE",
      message: "gateway starting; retry shortly",
      retryable: true,
      retryAfterMs: 5,
    };
    const gateway = standIn((method) => {
      if (method !== "connect") return undefined;
      if (refusals-- > 0) return { ok: false, error: starting };
      return hello;
    });
    await connectGateway(1, "t", { openSocket: gateway.openSocket, timeoutMs: 5000 });
    expect(gateway.sockets).toHaveLength(3);
    expect(gateway.sockets.slice(0, 2).every((s) => s.closed)).toBe(true);

    const refused = standIn(() => ({ ok: false, error: { code: "UNAUTHORIZED", message: "bad token" } }));
    await expect(connectGateway(1, "t", { openSocket: refused.openSocket, timeoutMs: 5000 })).rejects.toThrow(
      /gateway connect failed: .*bad token/,
    );
    expect(refused.sockets).toHaveLength(1);
  });

  it("fails a call the gateway refuses, naming the method and its error", async () => {
    const gateway = standIn((method) =>
      method === "connect" ? hello : { ok: false, error: { code: "FORBIDDEN", message: "missing scope" } },
    );
    const rpc = await connectGateway(1, "t", { openSocket: gateway.openSocket, timeoutMs: 5000 });
    const refusal = rpc.call("plugins.list");
    await expect(refusal).rejects.toBeInstanceOf(GatewayRpcError);
    await expect(refusal).rejects.toThrow(/gateway plugins\.list failed: .*missing scope/);
  });

  it("waits for the final answer of a method that first accepts (agent), when asked to", async () => {
    const accepted: Reply = { ok: true, payload: { runId: "r", status: "accepted" } };
    const final: Reply = { ok: true, payload: { runId: "r", status: "ok", result: { payloads: [] } } };
    const gateway = standIn((method) => (method === "connect" ? hello : [accepted, final]));
    const rpc = await connectGateway(1, "t", { openSocket: gateway.openSocket, timeoutMs: 5000 });
    expect(await rpc.call("agent", { message: "hi" }, { expectFinal: true })).toMatchObject({ status: "ok" });
    expect(await rpc.call("agent", { message: "hi" })).toMatchObject({ status: "accepted" });
    const refusedLater = standIn((method) =>
      method === "connect" ? hello : [accepted, { ok: false, error: { message: "model failed" } }],
    );
    const later = await connectGateway(1, "t", { openSocket: refusedLater.openSocket, timeoutMs: 5000 });
    await expect(later.call("agent", {}, { expectFinal: true })).rejects.toThrow(
      /agent failed: .*model failed/,
    );
    const silent = standIn((method) => (method === "connect" ? hello : [accepted]));
    const waiting = await connectGateway(1, "t", { openSocket: silent.openSocket, timeoutMs: 5000 });
    await expect(waiting.call("agent", {}, { expectFinal: true, timeoutMs: 50 })).rejects.toThrow(
      /agent: no answer within 50 ms/,
    );
  });

  it("fails a call that gets no answer in time, and the pending calls when the socket closes", async () => {
    const gateway = standIn((method) => (method === "connect" ? hello : undefined));
    const rpc = await connectGateway(1, "t", { openSocket: gateway.openSocket, timeoutMs: 50 });
    await expect(rpc.call("config.get")).rejects.toThrow(/config\.get: no answer within 50 ms/);
    const slow = await connectGateway(1, "t", { openSocket: gateway.openSocket, timeoutMs: 5000 });
    const pending = slow.call("config.get");
    slow.close();
    await expect(pending).rejects.toThrow(/closed/);
  });
});

/** A GatewayRpc whose `config.get` answers come from a list, one per call (the last one repeats). */
function scriptedRpc(answers: Record<string, unknown[]>): GatewayRpc & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async call(method) {
      calls.push(method);
      const queue = answers[method] ?? [];
      return queue.length > 1 ? queue.shift() : queue[0];
    },
    close() {},
  };
}

const revision = (configRevisionHash: string, appliedConfigHash: string | undefined) => ({
  valid: true,
  issues: [],
  warnings: [],
  configRevisionHash,
  appliedConfigHash,
});

describe("the gateway's state, read for a case", () => {
  it("reads validity, warnings and both revisions from config.get", async () => {
    const warning = { path: "plugins.entries.x", message: "plugin not found: x" };
    const rpc = scriptedRpc({
      "config.get": [revision("b", "a"), { ...revision("c", "c"), warnings: [warning] }],
    });
    expect(await configState(rpc)).toEqual({
      valid: true,
      issues: [],
      warnings: [],
      revision: "b",
      applied: "a",
      parsed: undefined,
    });
    expect(await configState(rpc)).toMatchObject({ warnings: [warning], revision: "c", applied: "c" });
    await expect(configState(scriptedRpc({ "config.get": [{}] }))).rejects.toThrow(/no validity/);
  });

  it("reads an invalid file as invalid, with its issues and no revision", async () => {
    const issue = { path: "models.providers.inference.baseUrl", message: "Invalid input" };
    const rpc = scriptedRpc({ "config.get": [{ valid: false, issues: [issue], appliedConfigHash: "a" }] });
    expect(await configState(rpc)).toEqual({
      valid: false,
      issues: [issue],
      warnings: [],
      revision: null,
      applied: "a",
      parsed: undefined,
    });
  });
  it("waits until a new revision is the applied one", async () => {
    const rpc = scriptedRpc({
      "config.get": [revision("a", "a"), revision("b", "a"), revision("b", "b")],
    });
    expect(await configApplied(rpc, "a", 5000)).toMatchObject({ revision: "b", applied: "b" });
    expect(rpc.calls).toHaveLength(3);
  });

  it("fails when the gateway keeps its last config (an invalid edit is skipped)", async () => {
    const invalid = { valid: false, issues: [{ path: "gateway.port" }], appliedConfigHash: "a" };
    await expect(configApplied(scriptedRpc({ "config.get": [invalid] }), "a", 250)).rejects.toThrow(
      /did not apply the new config within 250 ms: .*"valid":false.*"revision":null,"applied":"a"/,
    );
    const notYet = scriptedRpc({ "config.get": [revision("b", "a")] });
    await expect(configApplied(notYet, "a", 250)).rejects.toThrow(/"revision":"b","applied":"a"/);
  });
});

describe("proof that the gateway runs a case's config", () => {
  const written = { models: { providers: { inference: { apiKey: "k", models: [{ id: "m" }] } } }, x: 1 };
  const parsed = { models: { providers: { inference: { apiKey: REDACTED, models: [{ id: "m" }] } } }, x: 1 };

  it("compares the gateway's parsed file with the written one, a redacted value standing for a string", () => {
    expect(sameConfig(parsed, written)).toBe(true);
    expect(sameConfig({ ...parsed, x: 2 }, written)).toBe(false);
    expect(sameConfig({ ...parsed, y: 1 }, written)).toBe(false);
    expect(sameConfig({ x: 1 }, written)).toBe(false);
    expect(sameConfig({ key: REDACTED }, { key: 42 })).toBe(false);
    expect(sameConfig({ list: [1, 2] }, { list: [1, 2, 3] })).toBe(false);
    expect(sameConfig({ list: [1, 2] }, { list: { 0: 1, 1: 2 } })).toBe(false);
    expect(sameConfig(null, {})).toBe(false);
  });

  const state = (overrides: Partial<GatewayConfigState>): GatewayConfigState => ({
    valid: true,
    issues: [],
    warnings: [],
    revision: "b",
    applied: "b",
    parsed,
    ...overrides,
  });
  const reads = (states: GatewayConfigState[]) => {
    let calls = 0;
    return {
      read: async () => states[Math.min(calls++, states.length - 1)] as GatewayConfigState,
      calls: () => calls,
    };
  };

  it("waits until the applied revision is the written file, also when the file did not change", async () => {
    const reloading = reads([
      state({ applied: "a", parsed }),
      state({ revision: "a", applied: "a", parsed: { x: 0 } }),
      state({}),
    ]);
    expect(await configTaken(reloading.read, written, 5000)).toMatchObject({ taken: true, timedOut: false });
    expect(reloading.calls()).toBe(3);
    const unchanged = reads([state({})]);
    expect(await configTaken(unchanged.read, written, 5000)).toMatchObject({ taken: true });
    expect(unchanged.calls()).toBe(1);
  });

  it("does not take an invalid file, and times out when the gateway runs another one", async () => {
    const invalid = state({ valid: false, revision: null, issues: [{ path: "gateway.port" }] });
    // The first answer still describes the previous file (also refused); the second is the written one.
    const refused = reads([{ ...invalid, parsed: { x: 0 } }, invalid]);
    expect(await configTaken(refused.read, written, 5000)).toMatchObject({ taken: false, timedOut: false });
    expect(refused.calls()).toBe(2);
    const other = reads([state({ parsed: { ...parsed, x: 2 } })]);
    expect(await configTaken(other.read, written, 250)).toMatchObject({ taken: false, timedOut: true });
  });
});
