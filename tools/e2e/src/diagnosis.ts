/**
 * The most likely cause of a failed case, named from what OpenClaw itself said (its stderr or, in a batch, the
 * gateway's log during the case; its `config validate` verdict; its plugin inspection; its tool results) and from
 * how the mock answered. The failure message starts with it (`explainFailure`), then links the conversation page,
 * then gives the checks' detail. Without a recognised cause it quotes the last error lines OpenClaw wrote.
 */
import { join } from "node:path";
import { type CaseArtifacts, readCaseArtifacts, turnFailed } from "./case-artifacts.js";
import { type MessageMatch, matchMessages, messagesOf } from "./openclaw-messages.js";
import { MOCK_ADDRESS, MOCK_PORT } from "./prepare-run.js";
import { ARTIFACT_FILES } from "./spec.js";
import { isRecord, Trajectory } from "./trajectory.js";

export interface Cause {
  /** One line: what went wrong, in the words a case's author acts on. */
  summary: string;
  /** Further lines: what OpenClaw said, and what to change. */
  detail: string[];
}

const quote = (text: string, max = 300) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** Every `models.providers.*` entry: its key, base URL and request options. */
function providers(config: Record<string, unknown>): { key: string; baseUrl: string; request: unknown }[] {
  const models = isRecord(config.models) && isRecord(config.models.providers) ? config.models.providers : {};
  return Object.entries(models).flatMap(([key, value]) =>
    isRecord(value) ? [{ key, baseUrl: String(value.baseUrl ?? ""), request: value.request }] : [],
  );
}

function blockedRequest(a: CaseArtifacts, match: MessageMatch): Cause {
  const origin = match.groups.origin ?? "the provider";
  const host = URL.canParse(origin) ? new URL(origin).hostname : origin;
  const provider = providers(a.config).find(
    (p) => URL.canParse(p.baseUrl) && new URL(p.baseUrl).origin === origin,
  );
  const allowed = isRecord(provider?.request) && provider.request.allowPrivateNetwork === true;
  const key = provider?.key ?? "<provider>";
  return {
    summary: `OpenClaw blocked its requests to ${origin} as a private address (${host} is ${MOCK_ADDRESS} in the run, a private address as a sandbox's inference gateway is): ${match.groups.reason ?? "SsrFBlockedError"}`,
    detail: [
      `OpenClaw said: ${quote(match.line)}`,
      allowed
        ? `the config already sets models.providers.${key}.request.allowPrivateNetwork: true, and OpenClaw blocked it all the same`
        : `a provider on a private network needs the request setting openclawProviderRequest: {allowPrivateNetwork: true} (models.providers.${key}.request.allowPrivateNetwork in openclaw.json), which this route's config does not set`,
    ],
  };
}

function fromMessage(a: CaseArtifacts, match: MessageMatch): Cause {
  const said = `OpenClaw said: ${quote(match.line)}`;
  const g = match.groups;
  switch (match.kind) {
    case "config-refused":
      return {
        summary: `OpenClaw refused the config: ${g.problem ?? "invalid"}`,
        detail: [said, `the config is ${join(a.dir, ARTIFACT_FILES.config)}`],
      };
    case "plugin-failed":
      return { summary: `plugin ${g.plugin} failed to load: ${quote(g.error ?? "")}`, detail: [said] };
    case "plugin-blocked":
      return { summary: `OpenClaw did not allow plugin ${g.plugin}: ${g.reason?.trim()}`, detail: [said] };
    case "blocked-request":
      return blockedRequest(a, match);
    case "connection-refused": {
      const urls = providers(a.config).map((p) => p.baseUrl);
      return {
        summary: `nothing accepted OpenClaw's connection to ${urls.join(", ") || "the provider"} (ECONNREFUSED): the mock listens on ${MOCK_ADDRESS}:${MOCK_PORT} only`,
        detail: [said],
      };
    }
    case "provider-error":
      return providerError(a, match) ?? { summary: `the provider answered HTTP ${g.status}`, detail: [said] };
    case "tool-not-run":
      return { summary: "a tool call did not run", detail: [said] };
  }
}

/** An HTTP error the mock answered (an endpoint rule), with its body as sent, and OpenClaw's reading of it. */
function providerError(a: CaseArtifacts, match?: MessageMatch): Cause | undefined {
  const reply = a.replies.find((r) => r.source === "rule");
  if (reply?.source !== "rule") {
    if (!match) return undefined;
    return {
      summary: `the provider answered HTTP ${match.groups.status}`,
      detail: [`OpenClaw said: ${quote(match.line)}`],
    };
  }
  const count = a.replies.filter((r) => r.source === "rule").length;
  const detail = [`body: ${quote(JSON.stringify(reply.body))}`];
  if (match?.groups.detail)
    detail.push(`OpenClaw read it as: ${quote(`${match.groups.status} ${match.groups.detail}`)}`);
  return {
    summary: `the mock answered request ${reply.seq} with HTTP ${reply.status} (an endpoint rule of the case)${count > 1 ? `, and ${count - 1} more like it` : ""}`,
    detail,
  };
}

/** OpenClaw's own verdict on a config (`config validate` cold, `config.get` through a gateway): its first issue. */
function refusedConfig(a: CaseArtifacts): Cause | undefined {
  // A verdict that names issues says why, whether or not it also timed out (a gateway shows a refused file only so).
  const refused =
    a.verdicts.find((verdict) => !verdict.valid && verdict.issues.length > 0) ??
    a.verdicts.find((verdict) => !verdict.valid && verdict.failure === undefined);
  if (!refused) return undefined;
  const [issue] = refused.issues;
  return {
    summary: `OpenClaw refused the config: ${issue ? `${issue.path}: ${issue.message}` : "invalid"}`,
    detail: [
      `config validate said so (${refused.label}.stdout); the config is ${join(a.dir, ARTIFACT_FILES.config)}`,
    ],
  };
}

/** A plugin whose runtime inspection says it errored, in OpenClaw's words. */
function erroredPlugin(a: CaseArtifacts): Cause | undefined {
  for (const [id, inspection] of a.inspections) {
    const plugin = isRecord(inspection) && isRecord(inspection.plugin) ? inspection.plugin : undefined;
    if (plugin?.status === "error") {
      return {
        summary: `plugin ${id} failed to load: ${quote(String(plugin.error ?? "error"))}`,
        detail: [`plugins inspect ${id} --runtime said so (status error)`],
      };
    }
  }
  return undefined;
}

function silentMock(a: CaseArtifacts): Cause | undefined {
  const hung = a.replies.find((r) => r.source === "hang");
  if (!hung) return undefined;
  return {
    summary: `the mock never answered request ${hung.seq} (an endpoint rule of the case: hang), so OpenClaw waited until its own timeout`,
    detail: [],
  };
}

function toolNotRun(a: CaseArtifacts): Cause | undefined {
  if (!a.release) return undefined;
  const notFound = messagesOf(a.release).toolNotFound;
  const failed = new Trajectory(a.trajectory).toolResults().find((result) => result.isError);
  if (!failed) return undefined;
  const missing = notFound.test(failed.text.trim());
  return {
    summary: missing
      ? `the model called tool ${failed.toolName}, which OpenClaw does not offer on this route: the call did not run`
      : `tool call ${failed.toolName} (${failed.toolCallId}) did not run: ${quote(failed.text.trim(), 200)}`,
    detail: [`OpenClaw's tool result: ${quote(failed.text.trim(), 200)}`],
  };
}

/** OpenClaw's last lines that read as errors, from the turn's own log first. */
function lastErrorLines(a: CaseArtifacts): Cause | undefined {
  for (const [file, text] of a.stderr) {
    const errors = text
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => /error|fail|invalid|refused|denied|blocked|timed? ?out|not found/i.test(line));
    if (errors.length === 0) continue;
    return {
      summary: `OpenClaw's last error lines (${file}):`,
      detail: errors.slice(-5).map((line) => quote(line, 400)),
    };
  }
  return undefined;
}

/** The causes the artefacts show, most likely first; the last error lines when none is recognised. */
export function diagnose(a: CaseArtifacts): Cause[] {
  // OpenClaw's logs, and its validation verdicts (2026.7 reports a blocked plugin there only).
  const texts = [
    ...a.stderr.map(([, text]) => text),
    ...a.verdicts.map((v) => JSON.stringify([v.issues, v.warnings])),
  ];
  const said = a.release ? texts.flatMap((text) => matchMessages(a.release, text)) : [];
  const first = (kind: MessageMatch["kind"]) => said.find((m) => m.kind === kind);
  const byMessage = (kind: MessageMatch["kind"]) => {
    const match = first(kind);
    return match ? fromMessage(a, match) : undefined;
  };
  const causes = [
    refusedConfig(a) ?? byMessage("config-refused"),
    byMessage("plugin-failed") ?? erroredPlugin(a),
    byMessage("plugin-blocked"),
    byMessage("blocked-request"),
    byMessage("connection-refused"),
    providerError(a, first("provider-error")),
    silentMock(a),
    toolNotRun(a),
  ].filter((cause): cause is Cause => cause !== undefined);
  if (causes.length > 0) return causes;
  // A turn OpenClaw completed has no error of its own to quote (its log's routine warnings would mislead).
  const fallback = turnFailed(a) ? lastErrorLines(a) : undefined;
  return fallback ? [fallback] : [];
}

/** The head of a failure message: the most likely cause (the others after it), and whether the turn was stopped. */
export function failureHead(artifactsDir: string, caseName: string): string[] {
  const a = readCaseArtifacts(artifactsDir, caseName);
  const [cause, ...others] = diagnose(a);
  const head: string[] = [];
  if (cause) head.push(`cause: ${cause.summary}`, ...cause.detail.map((line) => `  ${line}`));
  for (const other of others) head.push(`also: ${other.summary}`);
  const stopped = a.result?.failFast;
  if (stopped) {
    head.push(
      `stopped after ${(stopped.afterMs / 1000).toFixed(1)} s: the mock had answered nothing from the script and OpenClaw only retries this error (it would have kept on for up to 90 s)`,
    );
  }
  return head;
}

/**
 * `error` with the cause first (`<case>: cause: …`) and the conversation page linked. Without a recognised cause its
 * own message stays first (a case's assertion is then the news), the link after it.
 */
export function explainFailure(error: unknown, artifactsDir: string, caseName: string): Error {
  const failure = error instanceof Error ? error : new Error(String(error));
  const head = failureHead(artifactsDir, caseName);
  const link = `conversation: ${join(artifactsDir, ARTIFACT_FILES.conversation)}`;
  if (head.length === 0) {
    failure.message = `${failure.message}\n${link}`;
    return failure;
  }
  const original = failure.message.startsWith(`${caseName}: `)
    ? failure.message.slice(caseName.length + 2)
    : failure.message;
  failure.message = `${caseName}: ${head.join("\n")}\n${link}\n${original}`;
  return failure;
}
