/**
 * `conversation.html`: a case's turn as a person reads it, written into its artefact folder after every run
 * (passing or failing, cold or batched; also when the launcher failed). One self-contained page, no script and no
 * network: each request the model received (the system prompt summarised, the messages, the tools offered), where a
 * plugin changed it the difference between what OpenClaw built and what was sent (wire-recorder.ts), each reply the
 * mock sent and what OpenClaw recorded of it where that differs (a plugin reshaping the reply), and the tool calls
 * OpenClaw executed with their results. A failed turn's causes (diagnosis.ts) come first.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { canonicalJson } from "@model-setup/manifest";
import { type CaseArtifacts, readCaseArtifacts, turnFailed } from "./case-artifacts.js";
import { diagnose } from "./diagnosis.js";
import type { MockReply, RecordedReply, RecordedRequest } from "./mock/types.js";
import { ARTIFACT_FILES } from "./spec.js";
import { isRecord, type JsonRecord, Trajectory } from "./trajectory.js";
import { ChatRequest } from "./wire.js";

const html = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c);
const clip = (text: string, max = 600) =>
  text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
const json = (value: unknown) => JSON.stringify(value) ?? "undefined";

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return content === undefined || content === null ? "" : json(content);
  return content
    .map((part) => (isRecord(part) && typeof part.text === "string" ? part.text : json(part)))
    .join("");
}

/** A function call as one line: `name {args}` and its id. */
function callLine(name: unknown, args: unknown, id: unknown): string {
  const shown = typeof args === "string" ? args : json(args ?? {});
  return `${String(name)} ${clip(shown, 300)} (id ${String(id)})`;
}

function wireMessage(message: JsonRecord, index: number): string {
  const role = String(message.role);
  const parts: string[] = [];
  const text = textOf(message.content);
  if (role === "system" || role === "developer") {
    // Its first line of prose: OpenClaw opens with an HTML comment marker.
    const first =
      text.split("\n").find((line) => line.trim() !== "" && !line.trim().startsWith("<!--")) ?? "";
    parts.push(`${text.length} characters, starting “${html(clip(first, 160))}”`);
    parts.push(`<details><summary>full text</summary><pre>${html(text)}</pre></details>`);
  } else if (text) parts.push(`<pre>${html(clip(text, 2000))}</pre>`);
  const calls = Array.isArray(message.tool_calls) ? message.tool_calls.filter(isRecord) : [];
  for (const call of calls) {
    const fn = isRecord(call.function) ? call.function : {};
    parts.push(`<div class="call">tool call: ${html(callLine(fn.name, fn.arguments, call.id))}</div>`);
  }
  if (role === "tool") parts.unshift(`<div>result for ${html(String(message.tool_call_id))}</div>`);
  return `<li><b>${index}. ${html(role)}</b>${message.name ? ` (${html(String(message.name))})` : ""}: ${parts.join("")}</li>`;
}

function requestSection(request: ChatRequest, n: number): string {
  const tools = request.toolNames();
  const { messages: _m, tools: _t, ...fields } = request.body;
  return [
    `<section class="request"><h2>Request ${n}: what the model received</h2>`,
    `<p>${html(`${request.record.method} ${request.record.url}`)}; body fields: ${html(clip(json(fields), 800))}</p>`,
    `<p>Tools offered (${tools.length}): ${html(tools.join(", ") || "none")}</p>`,
    `<ol class="messages">${request
      .messages()
      .map((m, i) => wireMessage(m, i + 1))
      .join("")}</ol></section>`,
  ].join("\n");
}

/** Where `built` and `sent` differ, path by path (an array of different length: elements added or removed). */
export function jsonDifferences(built: unknown, sent: unknown, path = "body"): string[] {
  if (canonicalJson(built) === canonicalJson(sent)) return [];
  if (Array.isArray(built) && Array.isArray(sent)) {
    if (built.length === sent.length)
      return built.flatMap((item, i) => jsonDifferences(item, sent[i], `${path}[${i}]`));
    const left = built.map((item) => canonicalJson(item));
    const right = sent.map((item) => canonicalJson(item));
    return [
      ...left.flatMap((key, i) =>
        right.includes(key) ? [] : [`removed ${path}[${i}]: ${clip(json(built[i]), 300)}`],
      ),
      ...right.flatMap((key, i) =>
        left.includes(key) ? [] : [`added ${path}[${i}]: ${clip(json(sent[i]), 300)}`],
      ),
    ];
  }
  if (isRecord(built) && isRecord(sent)) {
    const keys = [...new Set([...Object.keys(built), ...Object.keys(sent)])].sort();
    return keys.flatMap((key) => {
      const at = `${path}.${key}`;
      if (!(key in sent)) return [`removed ${at}: ${clip(json(built[key]), 300)}`];
      if (!(key in built)) return [`added ${at}: ${clip(json(sent[key]), 300)}`];
      return jsonDifferences(built[key], sent[key], at);
    });
  }
  return [`changed ${path}: ${clip(json(built), 300)} → ${clip(json(sent), 300)}`];
}

function shapedSection(a: CaseArtifacts, request: RecordedRequest): string {
  const sent = canonicalJson(request.body);
  const record = a.built.find((r) => canonicalJson(r.sent) === sent);
  if (!record || record.built === undefined) return "";
  const differences = jsonDifferences(record.built, record.sent);
  if (differences.length === 0) return "";
  return `<section class="shaped"><h3>Changed before sending, by plugin ${html(record.plugin)} (OpenClaw built it otherwise)</h3><ul>${differences
    .map((d) => `<li>${html(d)}</li>`)
    .join("")}</ul></section>`;
}

/** A reply as lines: text, reasoning, tool calls. */
function scriptedLines(reply: MockReply): string[] {
  const lines: string[] = [];
  if (reply.reasoning) lines.push(`reasoning: ${clip(reply.reasoning.text, 400)}`);
  if (reply.content) lines.push(`text: ${clip(reply.content, 1000)}`);
  for (const call of reply.toolCalls ?? [])
    lines.push(`tool call: ${callLine(call.name, call.arguments, call.id)}`);
  return lines;
}

/** What OpenClaw recorded of an answer: the transcript's assistant message, as the same kind of lines. */
function recordedLines(message: JsonRecord): string[] {
  const blocks = Array.isArray(message.content) ? message.content.filter(isRecord) : [];
  return blocks.flatMap((block) => {
    if (block.type === "text" && typeof block.text === "string" && block.text)
      return [`text: ${clip(block.text, 1000)}`];
    if (block.type === "thinking" && typeof block.thinking === "string")
      return [`reasoning: ${clip(block.thinking, 400)}`];
    if (block.type === "toolCall") return [`tool call: ${callLine(block.name, block.arguments, block.id)}`];
    return [];
  });
}

function replySection(a: CaseArtifacts, reply: RecordedReply | undefined, n: number): string {
  const head = `<section class="reply"><h2>Reply ${n}: what the mock sent</h2>`;
  if (!reply) return `${head}<p>No answer was recorded (the turn ended first).</p></section>`;
  if (reply.source === "hang")
    return `${head}<p>No answer: an endpoint rule of the case keeps this request waiting.</p></section>`;
  if (reply.source !== "script") {
    const what = reply.source === "rule" ? "an endpoint rule of the case" : reply.source;
    return `${head}<p>HTTP ${reply.status} (${html(what)}): <code>${html(clip(json(reply.body), 1500))}</code></p></section>`;
  }
  const sent = scriptedLines(reply.reply);
  const list = (lines: string[]) => `<ul>${lines.map((l) => `<li>${html(l)}</li>`).join("")}</ul>`;
  // The mock numbers its answers chatcmpl-mock-<n>; OpenClaw keeps that id on the message it recorded.
  const recorded = new Trajectory(a.trajectory)
    .assistantMessages()
    .find((m) => m.responseId === `chatcmpl-mock-${reply.index + 1}`);
  const kept = recorded ? recordedLines(recorded) : undefined;
  const changed =
    kept && json(kept) !== json(sent)
      ? `<section class="shaped"><h3>OpenClaw recorded it otherwise (a plugin's or its own reading of the reply)</h3>${list(kept)}</section>`
      : "";
  const how = [
    reply.reply.reasoning ? `reasoning in ${reply.reply.reasoning.field}` : "",
    reply.reply.finishReason ? `finish reason ${reply.reply.finishReason}` : "",
  ].filter(Boolean);
  const note = how.length > 0 ? ` (${how.join(", ")})` : "";
  return `${head}<p>HTTP 200, scripted reply ${reply.index + 1} of ${a.script.length}${html(note)}:</p>${list(sent)}${changed}</section>`;
}

interface Execution {
  at: number;
  line: string;
}

/** The tool calls OpenClaw executed with their results, each with the time it ran. */
function executions(a: CaseArtifacts): Execution[] {
  const trajectory = new Trajectory(a.trajectory);
  const results = new Map(trajectory.toolResults().map((r) => [r.toolCallId, r]));
  const messageTimes = new Map(
    trajectory
      .messages()
      .filter((m) => m.role === "toolResult")
      .map((m) => [String(m.toolCallId), Number(m.timestamp ?? 0)]),
  );
  const callTimes = new Map(
    trajectory
      .runtimeEvents("tool.call")
      .map((e) => [String(e.data.toolCallId), Date.parse(String(e.ts ?? ""))]),
  );
  return trajectory.executedToolCalls().map((call) => {
    const result = results.get(call.toolCallId);
    const outcome = result
      ? `${result.isError ? "error" : `exit ${result.exitCode ?? "?"}`}: ${clip(result.text.trim(), 500)}`
      : "no result recorded";
    const at = callTimes.get(call.toolCallId) || messageTimes.get(call.toolCallId) || 0;
    return { at, line: `${callLine(call.name, call.args, call.toolCallId)} → ${outcome}` };
  });
}

export function conversationHtml(a: CaseArtifacts): string {
  const chats = a.requests.filter(
    (r) => r.method === "POST" && r.url.split("?")[0]?.endsWith("/chat/completions"),
  );
  const runs = executions(a);
  const causes = turnFailed(a) ? diagnose(a) : [];
  const body: string[] = [
    `<h1>${html(a.caseName)}</h1>`,
    `<p>OpenClaw ${html(a.release || "?")} (${html(a.driver || "?")}); prompt: “${html(a.prompt)}”; ${chats.length} model request(s), ${a.script.length} scripted reply(s)</p>`,
  ];
  const stopped = a.result?.failFast;
  const why = causes.map(
    (c) => `<li>${html(c.summary)}${c.detail.map((d) => `<br>${html(d)}`).join("")}</li>`,
  );
  if (stopped) {
    const after = `${(stopped.afterMs / 1000).toFixed(1)} s`;
    why.push(
      `<li>${html(`The harness stopped the turn after ${after}: OpenClaw only retries this error.`)}</li>`,
    );
  }
  if (why.length > 0)
    body.push(`<section class="cause"><h2>Why the turn failed</h2><ul>${why.join("")}</ul></section>`);

  if (chats.length === 0) body.push("<p>OpenClaw sent the mock no model request.</p>");
  chats.forEach((record, i) => {
    const next = chats[i + 1] ? Date.parse(chats[i + 1]?.at ?? "") : Number.POSITIVE_INFINITY;
    const since = Date.parse(record.at);
    body.push(requestSection(new ChatRequest(record), i + 1), shapedSection(a, record));
    body.push(
      replySection(
        a,
        a.replies.find((r) => r.seq === record.seq),
        i + 1,
      ),
    );
    const ran = runs.filter((run) => run.at >= since && run.at < next);
    if (ran.length > 0) {
      body.push(
        `<section class="tools"><h2>Tools OpenClaw ran</h2><ul>${ran.map((r) => `<li>${html(r.line)}</li>`).join("")}</ul></section>`,
      );
    }
  });
  const unplaced = runs.filter((run) => !chats.some((record) => run.at >= Date.parse(record.at)));
  if (unplaced.length > 0)
    body.push(
      `<section class="tools"><h2>Tools OpenClaw ran</h2><ul>${unplaced.map((r) => `<li>${html(r.line)}</li>`).join("")}</ul></section>`,
    );
  const style =
    "body{font:14px/1.4 system-ui,sans-serif;margin:2em;max-width:70em}section{border-left:4px solid #ccc;padding:.2em 1em;margin:1em 0}.request{border-color:#48c}.reply{border-color:#4a4}.tools{border-color:#a84}.shaped{border-color:#c4c}.cause{border-color:#c44}pre{white-space:pre-wrap;background:#f6f6f6;padding:.4em}";
  // Each block on a line of its own: the page's text then reads as it shows (a DOM's text content, a diff of two pages).
  const blocks = body.join("\n").replace(/(?<!^)<(h[1-3]|p|ul|ol|li|section|div|details|pre)\b/g, "\n$&");
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${html(a.caseName)}: conversation</title><style>${style}</style></head><body>\n${blocks}\n</body></html>\n`;
}

/** Writes the page into the case's folder; returns its path. */
export function writeConversation(artifactsDir: string, caseName: string): string {
  const file = join(artifactsDir, ARTIFACT_FILES.conversation);
  writeFileSync(file, conversationHtml(readCaseArtifacts(artifactsDir, caseName)));
  return file;
}

/** The page of a case that did not run (not applicable on the release): it says why. */
export function writeNotRunConversation(artifactsDir: string, caseName: string, why: string): string {
  mkdirSync(artifactsDir, { recursive: true });
  const file = join(artifactsDir, ARTIFACT_FILES.conversation);
  const title = html(caseName);
  writeFileSync(
    file,
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${title}: conversation</title></head><body>\n<h1>${title}</h1>\n<p>Not run: ${html(why)}.</p>\n</body></html>\n`,
  );
  return file;
}
