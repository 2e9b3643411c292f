/**
 * What OpenClaw itself says, on each supported release, when a turn goes wrong for a reason the harness can name:
 * its own log lines (a cold command's stderr, the gateway's log in a batch), its `config validate` verdict and its
 * tool results. Kept by hand beside the facts read from each release's declarations (release-facts.ts): these are
 * messages, which no declaration carries. Each pattern was taken from a real run of that release, and
 * `test/failure-causes-cold.test.ts` produces every cause on every release for real and checks it is recognised here,
 * so a release that words a message differently fails there, not silently in a case.
 */
import { OPENCLAW_RELEASES } from "@model-setup/manifest";

export type CauseKind =
  | "config-refused"
  | "plugin-failed"
  | "plugin-blocked"
  | "blocked-request"
  | "connection-refused"
  | "provider-error"
  | "tool-not-run";

/** One message OpenClaw writes; the named groups carry what the failure message names. */
export interface MessagePattern {
  kind: CauseKind;
  /** Matched against the whole text (one file or log slice); `m` anchors work per line. */
  pattern: RegExp;
}

export interface ReleaseMessages {
  /** In the order a failure message prefers them: the earliest cause first (a refused config runs nothing). */
  causes: readonly MessagePattern[];
  /** The text of the tool result OpenClaw records for a call of a tool it does not have. */
  toolNotFound: RegExp;
  /** OpenClaw announcing that it tries a failed model request again; absent where it retries without a word. */
  retryAnnounced?: RegExp;
}

/** Lines every supported release writes alike (checked on each by the test). */
const SHARED: readonly MessagePattern[] = [
  {
    kind: "config-refused",
    pattern: /^Invalid config at (?<path>[^\n]+):\n- (?<problem>[^\n]+)/m,
  },
  {
    kind: "plugin-failed",
    pattern: /\[plugins\] (?<plugin>\S+) failed during register from (?<source>\S+): (?<error>[^\n]+)/,
  },
  {
    // In `Config warnings:` on stderr and in `config validate`'s warnings.
    kind: "plugin-blocked",
    pattern: /plugin (?<plugin>[^\s:]+): blocked plugin candidate: (?<reason>[^;"\n]+)/,
  },
  {
    kind: "blocked-request",
    pattern: /\[security\] blocked URL fetch \([^)]*\) targetOrigin=(?<origin>\S+) reason=(?<reason>[^\n]+)/,
  },
  {
    kind: "connection-refused",
    pattern: /\[model-fetch\] error provider=(?<provider>\S+) [^\n]*causeCode=ECONNREFUSED/,
  },
  {
    // The status line; OpenClaw's summary of the body follows as `rawError=<status> <message>`.
    kind: "provider-error",
    pattern:
      /\[model-fetch\] response provider=(?<provider>\S+) [^\n]*?status=(?<status>[45]\d\d)\b(?:[\s\S]*?rawError=\k<status> (?<detail>[^\n]+))?/,
  },
];

const TOOL_NOT_FOUND = /^Tool (?<tool>\S+) not found$/;

/** 2026.7 refuses a config in a block of its own (`File:` and `Problem:` lines) before any command runs. */
const CONFIG_BLOCK_2026_7: MessagePattern = {
  kind: "config-refused",
  pattern: /^OpenClaw config is invalid\nFile: (?<path>[^\n]+)\nProblem:\n\s*- (?<problem>[^\n]+)/m,
};

/** 2026.7 also refuses to start at all when a configured plugin throws while registering. */
const PLUGIN_START_2026_7: MessagePattern = {
  kind: "plugin-failed",
  pattern: /Reason: plugin load failed: (?<plugin>[^:\s]+): (?<error>[^\n]+)/,
};

export const OPENCLAW_MESSAGES: Readonly<Record<string, ReleaseMessages>> = {
  // Retries a refused or blocked fetch twice at once, without a word, then gives up (about 2 s).
  "2026.7.1": {
    causes: [CONFIG_BLOCK_2026_7, ...SHARED.slice(0, 2), PLUGIN_START_2026_7, ...SHARED.slice(2)],
    toolNotFound: TOOL_NOT_FOUND,
  },
  "2026.8.2": { causes: SHARED, toolNotFound: TOOL_NOT_FOUND },
  // Retries the whole model call up to eight times, backing off to 30 s: about 90 s before the turn fails.
  "2026.9.6": {
    causes: SHARED,
    toolNotFound: TOOL_NOT_FOUND,
    retryAnnounced: /transient same-model retry \d+\/\d+/,
  },
};

/** The release's messages; a supported release without any is a mistake this module must not hide. */
export function messagesOf(release: string): ReleaseMessages {
  const messages = OPENCLAW_MESSAGES[release];
  if (!messages) {
    throw new Error(
      `no OpenClaw messages recorded for ${release} (supported: ${OPENCLAW_RELEASES.join(", ")}); add them to src/openclaw-messages.ts`,
    );
  }
  return messages;
}

/** Causes OpenClaw only retries: no retry can succeed while the mock is unreachable or refuses the request. */
export const RETRY_ONLY: ReadonlySet<CauseKind> = new Set([
  "blocked-request",
  "connection-refused",
  "provider-error",
]);

export interface MessageMatch {
  kind: CauseKind;
  /** The line OpenClaw wrote, trimmed. */
  line: string;
  groups: Record<string, string>;
  /** How often it occurs in the text. */
  count: number;
}

/** Every cause the text shows, in the release's order, each with its first occurrence. */
export function matchMessages(release: string, text: string): MessageMatch[] {
  const found: MessageMatch[] = [];
  for (const { kind, pattern } of messagesOf(release).causes) {
    const all = [...text.matchAll(new RegExp(pattern.source, `${pattern.flags.replace("g", "")}g`))];
    const first = all[0];
    if (!first || found.some((f) => f.kind === kind)) continue;
    // The line the message starts on (a multi-line message's details are in its groups).
    const start = text.lastIndexOf("\n", first.index) + 1;
    const end = text.indexOf("\n", first.index);
    const line = text.slice(start, end < 0 ? undefined : end).trim();
    const groups: Record<string, string> = {};
    for (const [key, value] of Object.entries(first.groups ?? {}))
      if (value !== undefined) groups[key] = value;
    found.push({ kind, line, groups, count: all.length });
  }
  return found;
}
