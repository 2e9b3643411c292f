/**
 * Stops a turn that cannot succeed instead of waiting out OpenClaw's retries: OpenClaw 2026.9 retries a blocked or
 * refused model request up to eight times, backing off to 30 s (about 90 s), and the case fails all the same. Both
 * launchers watch a turn the same way: the turn's log (a cold turn's stderr, the gateway's log since the case began)
 * and the mock's answers. The turn is stopped only when the mock has answered nothing from the script AND OpenClaw
 * reported an error it only retries (a blocked URL, a refused connection, a 4xx from the mock) a second time or
 * announced a retry of it. A turn whose mock has answered, or that waits on a mock that never answers (a hang rule;
 * OpenClaw reports nothing until its own timeout), is never cut.
 */
import type { RecordedReply } from "../mock/types.js";
import { type MessageMatch, matchMessages, messagesOf, RETRY_ONLY } from "../openclaw-messages.js";
import type { FailFastVerdict } from "../spec.js";

/** How often the log is read while a turn runs. */
const POLL_MS = 200;

/** The retry-only error in `text` that OpenClaw is retrying, if any (pure; see the file comment). */
export function retriedFailure(release: string, text: string): MessageMatch | undefined {
  const announced = messagesOf(release).retryAnnounced?.test(text) ?? false;
  return matchMessages(release, text).find(
    (match) =>
      RETRY_ONLY.has(match.kind) &&
      (match.count >= 2 || announced) &&
      (match.kind !== "provider-error" || match.groups.status?.startsWith("4") === true),
  );
}

/** Counts the mock's answers from the script: its `onReply`, and the count the watch reads. */
export function scriptAnswers(): { onReply(reply: RecordedReply): void; count(): number } {
  let count = 0;
  return {
    onReply(reply) {
      if (reply.source === "script") count += 1;
    },
    count: () => count,
  };
}

export interface TurnWatch {
  /** Set once the turn was stopped. */
  verdict(): FailFastVerdict | undefined;
  dispose(): void;
}

/**
 * Watches one turn until disposed: `log()` is what OpenClaw wrote during the turn so far, `scriptAnswers()` how many
 * requests the mock answered from the script. `stop` is called at most once.
 */
export function watchTurn(options: {
  release: string;
  log: () => string;
  scriptAnswers: () => number;
  stop: (verdict: FailFastVerdict) => void;
}): TurnWatch {
  const started = Date.now();
  let verdict: FailFastVerdict | undefined;
  const timer = setInterval(() => {
    if (verdict || options.scriptAnswers() > 0) return;
    const failure = retriedFailure(options.release, options.log());
    if (!failure || !RETRY_ONLY.has(failure.kind)) return;
    verdict = {
      afterMs: Date.now() - started,
      at: new Date().toISOString(),
      kind: failure.kind as FailFastVerdict["kind"],
      line: failure.line,
    };
    clearInterval(timer);
    options.stop(verdict);
  }, POLL_MS);
  return {
    verdict: () => verdict,
    dispose: () => clearInterval(timer),
  };
}
