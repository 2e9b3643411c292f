import type { AssistantContentBlock } from "@model-setup/openclaw-plugin-api";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitExecToolCall } from "../plugin/src/split.js";
import { rewriteStream } from "../plugin/src/stream.js";
import {
  collect,
  eventsFor,
  execCall,
  growingEvents,
  message,
  runLikeOpenClaw,
  sourceStream,
  text,
} from "./helpers.js";

const DIAGNOSTICS = ["hostname", "date", "uptime"] as const;

/**
 * The spec's rule restated independently: two or more `;`-separated parts, each an allowlisted word between
 * spaces and tabs only (the blanks a shell ignores; a newline or a Unicode space is no padding).
 */
const ALLOWLISTED = /^[ \t]*(hostname|date|uptime)[ \t]*(;[ \t]*(hostname|date|uptime)[ \t]*)+$/;

const padding = fc.constantFrom("", " ", "  ", "\t", " \t");
const diagnostic = fc.constantFrom(...DIAGNOSTICS);
const paddedDiagnostic = fc.tuple(padding, diagnostic, padding).map(([a, word, b]) => `${a}${word}${b}`);
const allowlistedCommand = fc
  .array(paddedDiagnostic, { minLength: 2, maxLength: 6 })
  .map((parts) => parts.join(";"));

/** Commands built from shell-ish tokens, mostly near-misses of the allowlisted form. */
const token = fc.constantFrom(
  ...DIAGNOSTICS,
  "whoami",
  "ls",
  "-f",
  " ",
  ";",
  "; ",
  "|",
  "&&",
  "'",
  '"',
  "\n",
  "\u00a0",
  "\u2028",
  "\v",
  "\f",
  "$(",
  ")",
  "`",
  "Date",
);
const anyCommand = fc.oneof(
  fc.array(token, { maxLength: 8 }).map((tokens) => tokens.join("")),
  fc.string({ maxLength: 30 }),
  allowlistedCommand.map((command) => `${command};`),
  allowlistedCommand.map((command) => `${command} | cat`),
);
const callId = fc.stringMatching(/^[A-Za-z0-9_]{1,16}$/);
const encoding = fc.constantFrom("object" as const, "string" as const);

function dedupe(words: readonly string[]): string[] {
  return words.filter((word, index) => words.indexOf(word) === index);
}

describe("properties", () => {
  it("a command that is not entirely allowlisted diagnostics passes through unchanged", async () => {
    await fc.assert(
      fc.asyncProperty(
        anyCommand,
        callId,
        encoding,
        fc.integer({ min: 1, max: 12 }),
        async (command, id, enc, size) => {
          fc.pre(!ALLOWLISTED.test(command));
          const call = execCall(command, id, enc);
          expect(splitExecToolCall(call)).toBeUndefined();
          const final = message([text("ok"), call], { stopReason: "toolUse" });
          const events = eventsFor(final, size);
          const stream = rewriteStream(sourceStream(events, final));
          const out = await collect(stream);
          expect(out).toHaveLength(events.length);
          for (const [index, event] of out.entries()) expect(event).toBe(events[index]);
          expect(await stream.result()).toBe(final);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("an allowlisted chain becomes its de-duplicated diagnostics, in order, one call each", async () => {
    await fc.assert(
      fc.asyncProperty(
        allowlistedCommand,
        callId,
        encoding,
        fc.integer({ min: 1, max: 12 }),
        async (command, id, enc, size) => {
          const expected = dedupe(command.split(";").map((part) => part.trim()));
          const final = message([execCall(command, id, enc)], { stopReason: "toolUse" });
          const executed = await runLikeOpenClaw(rewriteStream(sourceStream(eventsFor(final, size), final)));
          expect(executed.map((call) => (call.arguments as { command: string }).command)).toEqual(expected);
          expect(executed.map((call) => call.id)).toEqual(
            expected.map((word, n) => `${id}_split_${n + 1}_${word}`),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  const block: fc.Arbitrary<AssistantContentBlock> = fc.oneof(
    fc.string({ maxLength: 20 }).map(text),
    fc
      .tuple(fc.oneof(allowlistedCommand, anyCommand), callId, encoding)
      .map(([command, id, enc]) => execCall(command, id, enc)),
  );

  it("non-tool events are never altered or reordered, and their indices match the final message", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(block, { maxLength: 6 }),
        fc.integer({ min: 1, max: 9 }),
        async (content, size) => {
          const final = message(content, { stopReason: "toolUse" });
          const events = eventsFor(final, size);
          const stream = rewriteStream(sourceStream(events, final));
          const out = await collect(stream);
          const textOf = (list: typeof events) =>
            list.flatMap((event) =>
              event.type === "text_start" || event.type === "text_delta" || event.type === "text_end"
                ? [{ type: event.type, delta: "delta" in event ? event.delta : undefined }]
                : [],
            );
          expect(textOf(out)).toEqual(textOf(events));
          const result = await stream.result();
          for (const event of out) {
            if (event.type === "text_end")
              expect(result.content[event.contentIndex]).toEqual(text(event.content));
            if (event.type === "toolcall_end")
              expect(result.content[event.contentIndex]).toBe(event.toolCall);
          }
          expect(out[0]?.type).toBe("start");
          expect(out.at(-1)?.type).toBe("done");
        },
      ),
      { numRuns: 300 },
    );
  });

  it("every call of the result has its own id, and runs with the arguments the result holds", async () => {
    // Ids drawn from a small pool that includes the ids splits make up, so collisions are common.
    const id = fc.constantFrom("a", "b", "a_split_1_hostname", "a_split_2_date", "b_split_1_date", "a_2");
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.tuple(id, fc.oneof(allowlistedCommand, fc.constant("ls"))), {
          maxLength: 5,
          selector: ([callId]) => callId,
        }),
        fc.boolean(),
        async (calls, growing) => {
          const final = message(
            calls.map(([callId, command]) => execCall(command, callId)),
            { stopReason: "toolUse" },
          );
          const source = growing ? growingEvents(final, 5) : sourceStream(eventsFor(final, 5), final);
          const stream = rewriteStream(source);
          const executed = await runLikeOpenClaw(stream);
          const result = await stream.result();
          const ids = result.content.map((block) => block.type === "toolCall" && block.id);
          expect(new Set(ids).size).toBe(ids.length);
          expect(executed.map((call) => call.id)).toEqual(ids);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("whatever order blocks' events arrive in, every call runs with the arguments its final message holds", async () => {
    const blockArb = fc.oneof(
      fc
        .constantFrom("hostname; date", "uptime", "date; uptime; hostname", "ls")
        .map((command) => ({ command })),
      fc.constant({ say: "some text" }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(blockArb, { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(), { minLength: 200, maxLength: 200 }),
        fc.array(fc.nat(), { minLength: 5, maxLength: 5 }),
        async (blocks, picks, ranks) => {
          const content = blocks.map((b, i) =>
            "command" in b ? execCall(b.command, `call_${i}`) : text(b.say),
          );
          const final = message(content, { stopReason: "toolUse" });
          const events = eventsFor(final, 5);
          // Each block's own events stay in order. Blocks mostly come whole, in a random order (later ones
          // first, too), and now and then interleave.
          const order = content.map((_, index) => index).sort((x, y) => (ranks[x] ?? 0) - (ranks[y] ?? 0));
          const queues = order.map((index) =>
            events.filter((event) => (event as { contentIndex?: number }).contentIndex === index),
          );
          const mixed: typeof events = [events[0] as (typeof events)[number]];
          for (let n = 0; queues.some((queue) => queue.length > 0); n++) {
            const live = queues.filter((queue) => queue.length > 0);
            const pick = picks[n % picks.length] ?? 0;
            const queue = (pick % 4 === 0 ? live[pick % live.length] : live[0]) as typeof events;
            mixed.push(queue.shift() as (typeof events)[number]);
          }
          mixed.push(events.at(-1) as (typeof events)[number]);
          const stream = rewriteStream(sourceStream(mixed, final));
          const executed = await runLikeOpenClaw(stream);
          const result = await stream.result();
          const calls = result.content.filter((block) => block.type === "toolCall");
          expect(executed).toEqual(
            calls.map((call) => ({ id: call.id, name: call.name, arguments: call.arguments })),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
