import {
  collect,
  cutAt,
  type Event,
  eventsFor,
  growingEvents,
  message,
  runLikeOpenClaw,
  shape,
  sourceStream,
  streamLawViolations,
  text,
  thinking,
  toolCall,
} from "@model-setup/intervention-testkit/stream";
import type { AssistantMessage, ToolCall } from "@model-setup/openclaw-plugin-api";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Piece, TextShaperFactory } from "../src/pieces.js";
import { type ReplyPlan, rewriteEvents, rewriteMessage } from "../src/rewriter.js";
import { rewriteStream } from "../src/stream.js";
import { reasoningTags } from "../src/text/reasoning-tags.js";

/** A test shaper: a line `CALL name {json}` is a call; everything else is text (lines decided when complete). */
const callLines: TextShaperFactory = (context) => {
  let line = "";
  const decide = (complete: string): Piece[] => {
    const match = /^CALL (\w+) (\{.*\})\n?$/.exec(complete);
    if (match && context.offeredTools.has(match[1] as string)) {
      return [{ type: "toolCall", name: match[1] as string, arguments: JSON.parse(match[2] as string) }];
    }
    return [{ type: "text", text: complete }];
  };
  return {
    push(chunk) {
      const out: Piece[] = [];
      line += chunk;
      let at = line.indexOf("\n");
      while (at >= 0) {
        out.push(...decide(line.slice(0, at + 1)));
        line = line.slice(at + 1);
        at = line.indexOf("\n");
      }
      return out;
    },
    end() {
      const rest = line;
      line = "";
      return rest === "" ? [] : decide(rest);
    },
  };
};

const offered = new Map<string, unknown>([["exec", undefined]]);
const tagsPlan: ReplyPlan = { text: reasoningTags(["think"]), offeredTools: offered };
const callsPlan: ReplyPlan = { text: callLines, offeredTools: offered };

async function rewritten(
  final: AssistantMessage,
  plan: ReplyPlan,
  chunking: number | ((s: string) => string[]),
) {
  const stream = rewriteStream(sourceStream(eventsFor(final, chunking), final), plan);
  const events = await collect(stream);
  return { events, result: await stream.result() };
}

describe("reply rewriter: text shaping", () => {
  it("moves tagged reasoning into a thinking block in events, snapshots, done and result()", async () => {
    const final = message([text("<think>the user wants the date</think>\n\nIt is Monday.")]);
    const { events, result } = await rewritten(final, tagsPlan, 5);
    expect(streamLawViolations(events)).toEqual([]);
    expect(result.content).toEqual([thinking("the user wants the date"), text("It is Monday.")]);
    expect(events.at(-1)).toMatchObject({ type: "done", message: result });
    expect(shape(events).filter((s) => s.endsWith("_start@0") || s.endsWith("_start@1"))).toEqual([
      "thinking_start@0",
      "text_start@1",
    ]);
    expect(final.content).toEqual([text("<think>the user wants the date</think>\n\nIt is Monday.")]);
  });

  it("gives the same final message for every chunking, and the same as rewriting the message whole", async () => {
    const reply = "<think>a < b</thi and more</think>  The answer: <think>no</think>";
    const final = message([text(reply), toolCall("exec", { command: "date" })], { stopReason: "toolUse" });
    const whole = rewriteMessage(final, tagsPlan);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: reply.length }), { maxLength: 10 }), async (cuts) => {
        const { events, result } = await rewritten(final, tagsPlan, (value) => cutAt(value, cuts));
        expect(streamLawViolations(events)).toEqual([]);
        expect(result).toEqual(whole);
      }),
    );
    expect(whole.content).toEqual([
      thinking("a < b</thi and more"),
      text("The answer: <think>no</think>"),
      toolCall("exec", { command: "date" }),
    ]);
  });

  it("turns calls found in text into tool calls with fresh ids, and stop into toolUse", async () => {
    const final = message([text('Checking.\nCALL exec {"command":"hostname"}\nCALL nope {"x":1}\nDone.')]);
    const stream = rewriteStream(sourceStream(eventsFor(final, 4), final), callsPlan);
    const executed = await runLikeOpenClaw(stream);
    const result = await stream.result();
    expect(result.stopReason).toBe("toolUse");
    expect(executed).toEqual([
      { id: expect.stringMatching(/^call_text_\w+_1$/), name: "exec", arguments: { command: "hostname" } },
    ]);
    expect(result.content.map((block) => block.type)).toEqual(["text", "toolCall", "text"]);
    expect(result.content[2]).toEqual(text('CALL nope {"x":1}\nDone.'));
  });

  it("never gives a call found in text an id the model's own calls carry, nor theirs one it made", async () => {
    const final = message(
      [
        text('CALL exec {"command":"date"}\n'),
        toolCall("exec", { command: "uptime" }, "call_text_lh2y7dxc_1"),
        toolCall("exec", { command: "hostname" }, "call_text_lh2y7dxc_2"),
      ],
      { stopReason: "toolUse", timestamp: 1_000_000_000_000 },
    );
    const stream = rewriteStream(growingEvents(final), callsPlan);
    const executed = await runLikeOpenClaw(stream);
    const ids = executed.map((call) => call.id);
    expect(new Set(ids).size).toBe(3);
    expect(executed.map((call) => call.arguments)).toEqual([
      { command: "date" },
      { command: "uptime" },
      { command: "hostname" },
    ]);
  });

  it("passes a well-behaved reply through: the very same final message", async () => {
    const final = message(
      [thinking("plan"), text("Running it."), toolCall("exec", { command: "date" }, "c1")],
      { stopReason: "toolUse" },
    );
    for (const plan of [tagsPlan, callsPlan]) {
      const { events, result } = await rewritten(final, plan, 3);
      expect(result).toBe(final);
      expect(streamLawViolations(events)).toEqual([]);
      const done = events.at(-1);
      expect(done?.type === "done" && done.message).toBe(final);
    }
  });
});

describe("reply rewriter: ordering", () => {
  it("holds another block's events while a shaped text may still open blocks", () => {
    const call = toolCall("exec", { command: "date" }, "c1");
    const final = message([text("<think>r</think>A"), call], { stopReason: "toolUse" });
    const p = final;
    const events: Event[] = [
      { type: "start", partial: p },
      { type: "text_start", contentIndex: 0, partial: p },
      { type: "text_delta", contentIndex: 0, delta: "<think>r</th", partial: p },
      { type: "toolcall_start", contentIndex: 1, partial: p },
      { type: "text_delta", contentIndex: 0, delta: "ink>A", partial: p },
      { type: "toolcall_delta", contentIndex: 1, delta: '{"command":"date"}', partial: p },
      { type: "text_end", contentIndex: 0, content: "<think>r</think>A", partial: p },
      { type: "toolcall_end", contentIndex: 1, toolCall: call, partial: p },
      { type: "done", reason: "toolUse", message: final },
    ];
    const out = rewriteEvents(events, tagsPlan);
    expect(shape(out)).toEqual([
      "start",
      "thinking_start@0",
      "thinking_delta@0",
      "thinking_end@0",
      "text_start@1",
      "text_delta@1",
      "text_end@1",
      "toolcall_start@2",
      "toolcall_delta@2",
      "toolcall_end@2",
      "done",
    ]);
    expect(streamLawViolations(out)).toEqual([]);
  });

  it("keeps one index per block when a reasoning block arrives late at a lower index", () => {
    const final = message([thinking("late"), text("answer")]);
    const p = final;
    const events: Event[] = [
      { type: "start", partial: p },
      { type: "text_start", contentIndex: 1, partial: p },
      { type: "text_delta", contentIndex: 1, delta: "answer", partial: p },
      { type: "thinking_start", contentIndex: 0, partial: p },
      { type: "thinking_delta", contentIndex: 0, delta: "late", partial: p },
      { type: "thinking_end", contentIndex: 0, content: "late", partial: p },
      { type: "text_end", contentIndex: 1, content: "answer", partial: p },
      { type: "done", reason: "stop", message: final },
    ];
    for (const plan of [{ dropReasoning: true }, {}, tagsPlan]) {
      const out = rewriteEvents(events, plan);
      expect(streamLawViolations(out)).toEqual([]);
      const indexes = new Set(
        out.flatMap((e) =>
          e.type.startsWith("text_") ? [(e as { contentIndex: number }).contentIndex] : [],
        ),
      );
      expect(indexes.size).toBe(1);
    }
  });

  it("brings in blocks of the final message no event showed, and rewrites result() without iteration", async () => {
    const final = message([text("<think>r</think>A")]);
    const stream = rewriteStream(sourceStream([{ type: "start", partial: final }], final), tagsPlan);
    expect((await stream.result()).content).toEqual([thinking("r"), text("A")]);
    const out = rewriteEvents(
      [
        { type: "start", partial: final },
        { type: "done", reason: "stop", message: final },
      ],
      tagsPlan,
    );
    expect(streamLawViolations(out)).toEqual([]);
  });
});

describe("reply rewriter: tool-call replacement", () => {
  const split = (call: ToolCall): ToolCall[] | undefined =>
    call.name === "exec" && call.arguments.command === "a;b"
      ? ["a", "b"].map((command, n) => ({ ...call, id: `${call.id}_${n + 1}`, arguments: { command } }))
      : undefined;

  it("replaces a held call with its calls in events and message, renaming a later call that collides", async () => {
    const final = message(
      [toolCall("exec", { command: "a;b" }, "x"), toolCall("exec", { command: "c" }, "x_1")],
      { stopReason: "stop" },
    );
    const stream = rewriteStream(growingEvents(final), { toolCall: split });
    const executed = await runLikeOpenClaw(stream);
    expect(executed.map((call) => [call.id, call.arguments])).toEqual([
      ["x_1", { command: "a" }],
      ["x_2", { command: "b" }],
      ["x_1_2", { command: "c" }],
    ]);
  });
});
