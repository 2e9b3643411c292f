/**
 * Scripted OpenAI-compatible chat-completions server. The n-th POST .../chat/completions gets the n-th scripted
 * reply (SSE when the request asks for `stream: true`, a JSON body otherwise); GET .../models lists the routed
 * model. Every request is appended to a JSONL log as it arrives, so a failing run can be read afterwards.
 */

import { readFileSync } from "node:fs";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import { isRecord } from "@model-setup/manifest";
import { appendJsonLine } from "../json-lines.js";
import { replyChunks, replyMessage } from "./chunks.js";
import { ruleFor } from "./rules.js";
import type { EndpointRule, MockReply, RecordedReply, RecordedRequest } from "./types.js";

export interface MockOptions {
  script: MockReply[];
  /** Checked on every chat request before the script answers it. */
  rules?: readonly EndpointRule[];
  modelIds: string[];
  /** JSONL file each request is appended to (synchronously, before the reply). */
  logFile?: string;
  /** JSONL file each answer is appended to, as it is sent (the conversation page and the failure causes read it). */
  replyLogFile?: string;
  onRequest?: (request: RecordedRequest) => void;
  /** Told of every answer as it is sent (how many the script gave decides whether a failing turn stops early). */
  onReply?: (reply: RecordedReply) => void;
}

export const EXHAUSTED_TEXT = "MOCK SCRIPT EXHAUSTED";

async function readBody(req: IncomingMessage): Promise<{ body: unknown; bodyBytes: number }> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  const bytes = Buffer.concat(parts);
  if (parts.length === 0) return { body: null, bodyBytes: 0 };
  const text = bytes.toString("utf8");
  try {
    return { body: JSON.parse(text) as unknown, bodyBytes: bytes.length };
  } catch {
    return { body: text, bodyBytes: bytes.length };
  }
}

/** A reply record without its request's sequence number and time (each variant kept apart). */
type ReplyFields = RecordedReply extends infer R
  ? R extends unknown
    ? Omit<R, "seq" | "at">
    : never
  : never;

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

export function createMockHandler(options: MockOptions): RequestListener {
  let seq = 0;
  let chatTurn = 0;
  return (req, res) => {
    void (async () => {
      const { body, bodyBytes } = await readBody(req);
      seq += 1;
      const record: RecordedRequest = {
        seq,
        at: new Date().toISOString(),
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body,
        bodyBytes,
      };
      if (options.logFile) appendJsonLine(options.logFile, record);
      options.onRequest?.(record);
      const answered = (reply: ReplyFields) => {
        const recorded = { seq: record.seq, at: new Date().toISOString(), ...reply } as RecordedReply;
        if (options.replyLogFile) appendJsonLine(options.replyLogFile, recorded);
        options.onReply?.(recorded);
      };
      const answer = (status: number, value: unknown, source: "other" | "rule" = "other") => {
        answered({ source, status, body: value });
        sendJson(res, status, value);
      };
      const path = (req.url ?? "").split("?")[0] ?? "";
      if (req.method === "GET" && path.endsWith("/models")) {
        answer(200, {
          object: "list",
          data: options.modelIds.map((id) => ({ id, object: "model", created: 0, owned_by: "e2e-mock" })),
        });
        return;
      }
      if (req.method === "POST" && path.endsWith("/chat/completions") && !isRecord(body)) {
        // What a body rewrite with a stale Content-Length produces: the body cut short (or run on) is not JSON.
        answer(400, {
          error: {
            message: `mock: the request body is not a JSON object (${req.headers["content-length"] ?? "no"} Content-Length); a rewrite that left a stale Content-Length cuts it short`,
          },
        });
        return;
      }
      if (req.method !== "POST" || !path.endsWith("/chat/completions") || !isRecord(body)) {
        answer(404, { error: { message: `mock: no route for ${req.method} ${req.url}` } });
        return;
      }
      const rule = ruleFor(options.rules ?? [], body);
      if (rule?.answer === "hang") {
        // Like an endpoint that never answers: nothing is sent; OpenClaw's timeout (or the run's end) closes it.
        answered({ source: "hang", status: null });
        return;
      }
      if (rule) {
        answer(rule.answer.status, rule.answer.body, "rule");
        return;
      }
      const scripted = options.script[chatTurn];
      const reply = scripted ?? { content: EXHAUSTED_TEXT };
      if (scripted) answered({ source: "script", index: chatTurn, status: 200, reply: scripted });
      else answered({ source: "exhausted", status: 200, body: reply });
      chatTurn += 1;
      const model = typeof body.model === "string" ? body.model : "mock-model";
      const id = `chatcmpl-mock-${chatTurn}`;
      if (body.stream === true) {
        const streamOptions = isRecord(body.stream_options) ? body.stream_options : {};
        res.writeHead(200, {
          "content-type": "text/event-stream",
          "cache-control": "no-cache",
          connection: "keep-alive",
        });
        for (const chunk of replyChunks(reply, {
          id,
          model,
          includeUsage: streamOptions.include_usage === true,
        })) {
          res.write(`data: ${JSON.stringify(chunk)}\n\n`);
        }
        res.end("data: [DONE]\n\n");
        return;
      }
      sendJson(res, 200, replyMessage(reply, { id, model }));
    })().catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(error) } });
      else res.destroy();
    });
  };
}

/**
 * The mock behind TLS on `address:port` (inside the run's namespace), serving through `listener`; resolves once it
 * listens. Both launchers start theirs here: a single run with one case's handler, a batch with one it swaps.
 */
export async function listenTls(
  tls: { certFile: string; keyFile: string },
  address: string,
  port: number,
  listener: RequestListener,
): Promise<Server> {
  const server = createServer({ cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) }, listener);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, address, resolve);
  });
  return server;
}
