import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createMockHandler, EXHAUSTED_TEXT } from "../src/mock/server.js";
import type { EndpointRule, MockReply } from "../src/mock/types.js";

let server: Server | undefined;
const logDirs: string[] = [];
afterEach(() => {
  server?.close();
  for (const dir of logDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function start(script: MockReply[], rules: EndpointRule[] = []): Promise<{ url: string; log: string }> {
  const log = join(mkdtempSync(join(tmpdir(), "e2e-mock-test-")), "requests.jsonl");
  logDirs.push(dirname(log));
  server = createServer(createMockHandler({ script, rules, modelIds: ["m/one"], logFile: log }));
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, log };
}

function post(url: string, body: unknown): Promise<Response> {
  return fetch(`${url}/chat/completions`, { method: "POST", body: JSON.stringify(body) });
}

function sseChunks(text: string): Record<string, unknown>[] {
  const data = text
    .split("\n\n")
    .filter((block) => block.startsWith("data: "))
    .map((block) => block.slice(6));
  expect(data.at(-1)).toBe("[DONE]");
  return data.slice(0, -1).map((d) => JSON.parse(d) as Record<string, unknown>);
}

describe("mock endpoint rules", () => {
  const REPLAY_ERROR = {
    error: { message: "The `reasoning_content` in the thinking mode must be passed back to the API." },
  };
  const rules: EndpointRule[] = [
    { when: { field: "max_completion_tokens", present: true }, answer: "hang" },
    { when: { assistantToolCallsWithout: "reasoning_content" }, answer: { status: 400, body: REPLAY_ERROR } },
  ];
  const call = { id: "c1", type: "function", function: { name: "exec", arguments: "{}" } };

  it("answers a request a rule matches with its status and body, taking no reply from the script", async () => {
    const { url, log } = await start([{ content: "first" }], rules);
    const bad = await post(url, { messages: [{ role: "assistant", content: null, tool_calls: [call] }] });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual(REPLAY_ERROR);
    const good = await post(url, {
      messages: [{ role: "assistant", content: null, reasoning_content: "r", tool_calls: [call] }],
    });
    expect(
      ((await good.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content,
    ).toBe("first");
    expect(readFileSync(log, "utf8").trim().split("\n")).toHaveLength(2);
  });

  it("never answers a request a hang rule matches, and records it", async () => {
    const { url, log } = await start([{ content: "first" }], rules);
    const aborted = new AbortController();
    const pending = fetch(`${url}/chat/completions`, {
      method: "POST",
      body: JSON.stringify({ max_completion_tokens: 8 }),
      signal: aborted.signal,
    });
    // The request is logged before the mock decides; then it gets nothing, until the client gives up.
    await expect.poll(() => readFileSync(log, "utf8")).toContain("max_completion_tokens");
    aborted.abort();
    await expect(pending).rejects.toThrow();
    const answered = await post(url, { max_tokens: 8 });
    expect(answered.status).toBe(200);
  });
});

describe("mock OpenAI server", () => {
  it("streams tool calls in pieces that reassemble to the scripted arguments, with extra_content", async () => {
    const { url, log } = await start([
      {
        reasoning: { field: "reasoning_content", text: "think" },
        toolCalls: [
          { id: "c1", name: "exec", arguments: '{"command":"hostname; date"}', thoughtSignature: "c2ln" },
        ],
      },
    ]);
    const res = await post(url, { model: "m/one", stream: true, stream_options: { include_usage: true } });
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const chunks = sseChunks(await res.text());
    const deltas = chunks.flatMap((c) =>
      (c.choices as { delta: Record<string, unknown> }[]).map((ch) => ch.delta),
    );
    const args = deltas
      .flatMap((d) => (d.tool_calls as { function?: { arguments?: string } }[] | undefined) ?? [])
      .map((t) => t.function?.arguments ?? "")
      .join("");
    expect(args).toBe('{"command":"hostname; date"}');
    expect(deltas.filter((d) => "tool_calls" in d).length).toBeGreaterThan(2);
    expect(deltas.map((d) => d.reasoning_content ?? "").join("")).toBe("think");
    expect(JSON.stringify(deltas)).toContain('"extra_content":{"google":{"thought_signature":"c2ln"}}');
    const finish = chunks.flatMap((c) =>
      (c.choices as { finish_reason: string | null }[]).map((ch) => ch.finish_reason),
    );
    expect(finish.filter(Boolean)).toEqual(["tool_calls"]);
    expect(chunks.at(-1)).toHaveProperty("usage");
    const logged = readFileSync(log, "utf8").trim().split("\n");
    expect(logged).toHaveLength(1);
    expect(JSON.parse(logged[0] as string).body.model).toBe("m/one");
    expect(JSON.parse(logged[0] as string).bodyBytes).toBe(
      Buffer.byteLength(
        JSON.stringify({ model: "m/one", stream: true, stream_options: { include_usage: true } }),
      ),
    );
  });

  it("answers non-streaming requests, lists models and reports an exhausted script", async () => {
    const { url } = await start([{ content: "hi" }]);
    const first = (await (await post(url, { model: "m/one" })).json()) as {
      choices: { message: { content: string }; finish_reason: string }[];
    };
    expect(first.choices[0]?.message.content).toBe("hi");
    expect(first.choices[0]?.finish_reason).toBe("stop");
    const second = (await (await post(url, { model: "m/one" })).json()) as typeof first;
    expect(second.choices[0]?.message.content).toBe(EXHAUSTED_TEXT);
    const models = (await (await fetch(`${url}/models`)).json()) as { data: { id: string }[] };
    expect(models.data.map((m) => m.id)).toEqual(["m/one"]);
  });

  it("refuses a body whose Content-Length is stale, as a body rewrite that forgets it would send", async () => {
    const { url } = await start([{ content: "hi" }]);
    const { port } = new URL(url);
    const body = JSON.stringify({
      model: "m/one",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
    });
    const shortBy = 10; // a rewrite that added 10 bytes but kept the original length
    const response = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), "127.0.0.1", () => {
        socket.end(
          `POST /v1/chat/completions HTTP/1.1\r\nHost: mock\r\nContent-Type: application/json\r\n` +
            `Content-Length: ${Buffer.byteLength(body) - shortBy}\r\nConnection: close\r\n\r\n${body}`,
        );
      });
      let text = "";
      socket.on("data", (chunk) => {
        text += chunk.toString("utf8");
      });
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });
    // Refused either by the mock (the body it read is cut short, so not JSON) or by Node's HTTP parser (the bytes
    // past the stated length are no request): the request never reaches the script.
    expect(response.split("\r\n")[0]).toBe("HTTP/1.1 400 Bad Request");
    expect(response).not.toContain("chatcmpl-mock");
  });
});
