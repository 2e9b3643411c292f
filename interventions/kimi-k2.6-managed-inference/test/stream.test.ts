import type { AssistantMessage, StreamFn } from "@model-setup/openclaw-plugin-api";
import { describe, expect, it } from "vitest";
import { rewriteEvents, rewriteStream, wrapStreamFn } from "../plugin/src/stream.js";
import {
  collect,
  countingReads,
  type Event,
  eventsFor,
  execCall,
  growingEvents,
  message,
  runLikeOpenClaw,
  shape,
  sourceStream,
  streamLawViolations,
  text,
  thinking,
} from "./helpers.js";

const model = {
  id: "moonshotai/kimi-k2.6",
  name: "Kimi",
  api: "openai-completions",
  provider: "inference",
  baseUrl: "https://inference.local/v1",
};
const context = { messages: [] };

function combined(extra: AssistantMessage["content"] = []): AssistantMessage {
  return message([text("Checking."), execCall("hostname; date; uptime", "call_mock_exec_1"), ...extra], {
    stopReason: "toolUse",
  });
}

describe("stream wrapper: exec split", () => {
  it("runs each split call with its own single command (the plugin-naive pitfall)", async () => {
    const final = combined();
    const executed = await runLikeOpenClaw(rewriteStream(sourceStream(eventsFor(final), final)));
    expect(executed).toEqual([
      { id: "call_mock_exec_1_split_1_hostname", name: "exec", arguments: { command: "hostname" } },
      { id: "call_mock_exec_1_split_2_date", name: "exec", arguments: { command: "date" } },
      { id: "call_mock_exec_1_split_3_uptime", name: "exec", arguments: { command: "uptime" } },
    ]);
  });

  it("the OpenClaw simulation catches a wrapper that rewrites only the final message", async () => {
    const final = combined();
    const source = sourceStream(eventsFor(final), final);
    const rewritten = rewriteStream(source);
    const naive = {
      [Symbol.asyncIterator]: () => source[Symbol.asyncIterator](),
      result: () => rewritten.result(),
    };
    const executed = await runLikeOpenClaw(naive);
    expect(executed[0]).toEqual({
      id: "call_mock_exec_1_split_1_hostname",
      name: "exec",
      arguments: { command: "hostname; date; uptime" },
    });
  });

  it("replaces the call's events with one start/delta/end triple per split call and shifts later indices", async () => {
    const final = combined([text("after"), execCall("ls -la", "call_2")]);
    const events = await collect(rewriteStream(sourceStream(eventsFor(final, 100), final)));
    expect(shape(events)).toEqual([
      "start",
      "text_start@0",
      "text_delta@0",
      "text_end@0",
      "toolcall_start@1",
      "toolcall_delta@1",
      "toolcall_end@1",
      "toolcall_start@2",
      "toolcall_delta@2",
      "toolcall_end@2",
      "toolcall_start@3",
      "toolcall_delta@3",
      "toolcall_end@3",
      "text_start@4",
      "text_delta@4",
      "text_end@4",
      "toolcall_start@5",
      "toolcall_delta@5",
      "toolcall_end@5",
      "done",
    ]);
    const ends = events.filter((event) => event.type === "toolcall_end");
    expect(ends.map((event) => event.toolCall.id)).toEqual([
      "call_mock_exec_1_split_1_hostname",
      "call_mock_exec_1_split_2_date",
      "call_mock_exec_1_split_3_uptime",
      "call_2",
    ]);
    // Every snapshot agrees with its event's index.
    for (const event of events) {
      if (event.type === "toolcall_end")
        expect(event.partial.content[event.contentIndex]).toBe(event.toolCall);
      if (event.type === "text_end")
        expect(event.partial.content[event.contentIndex]).toEqual(text(event.content));
    }
  });

  it("keeps one view per source snapshot, extended in place as the adapter extends its own", async () => {
    const final = combined([text("done"), execCall("uptime; date", "call_3")]);
    const seen: Array<{ type: string; index: number | undefined; block: unknown; length: number }> = [];
    const views = new Set<unknown>();
    for await (const event of rewriteStream(growingEvents(final))) {
      if (!("partial" in event) || event.partial === undefined) continue;
      const index = (event as { contentIndex?: number }).contentIndex;
      // Read at receipt, as a consumer of the live stream would.
      seen.push({
        type: event.type,
        index,
        block: index === undefined ? undefined : event.partial.content[index],
        length: event.partial.content.length,
      });
      if (index !== undefined && index > 0) views.add(event.partial);
    }
    // From the first split on, every event carries the same view object.
    expect(views.size).toBe(1);
    for (const entry of seen) {
      if (entry.type === "toolcall_end" || entry.type === "text_end") expect(entry.block).toBeDefined();
    }
    const ends = seen.filter((entry) => entry.type === "toolcall_end");
    expect(ends.map((entry) => (entry.block as { id: string }).id)).toEqual([
      "call_mock_exec_1_split_1_hostname",
      "call_mock_exec_1_split_2_date",
      "call_mock_exec_1_split_3_uptime",
      "call_3_split_1_uptime",
      "call_3_split_2_date",
    ]);
    // The view never runs ahead of what the source snapshot holds: 1 text + 3 split + 1 text + 2 split blocks.
    expect(seen.map((entry) => entry.length).at(-1)).toBe(7);
    expect(
      seen.every((entry, n) => n === 0 || entry.length >= (seen[n - 1] as { length: number }).length),
    ).toBe(true);
  });

  it("costs each block a bounded number of reads, however many calls one message splits", () => {
    const readsFor = (count: number): number => {
      const calls = Array.from({ length: count }, (_, n) => execCall("hostname; date", `call_${n}`));
      const { message: final, reads } = countingReads(message(calls, { stopReason: "toolUse" }));
      const out = rewriteEvents(eventsFor(final, 64));
      expect(out.filter((event) => event.type === "toolcall_end")).toHaveLength(2 * count);
      return reads();
    };
    const small = readsFor(50);
    const large = readsFor(400);
    // Linear: eight times the calls, about eight times the reads (a quadratic rewriting reads ~64 times more).
    expect(large).toBeLessThan(small * 10);
  });

  it("does not split into an id a later call of the snapshot carries", async () => {
    const final = message([execCall("hostname; date", "c"), execCall("ls", "c_split_1_hostname")], {
      stopReason: "toolUse",
    });
    const stream = rewriteStream(sourceStream(eventsFor(final), final));
    const executed = await runLikeOpenClaw(stream);
    expect(executed.map((call) => call.id)).toEqual(["c", "c_split_1_hostname"]);
    expect(await stream.result()).toBe(final);
  });

  it("renames a call that turns up later with an id a split already used, in events and message alike", async () => {
    const final = message(
      [
        execCall("hostname; date", "c"),
        execCall("uptime; date", "c_split_1_hostname"),
        execCall("ls", "c_split_2_date"),
      ],
      { stopReason: "toolUse" },
    );
    const stream = rewriteStream(growingEvents(final));
    const executed = await runLikeOpenClaw(stream);
    expect(executed).toEqual([
      { id: "c_split_1_hostname", name: "exec", arguments: { command: "hostname" } },
      { id: "c_split_2_date", name: "exec", arguments: { command: "date" } },
      { id: "c_split_1_hostname_2_split_1_uptime", name: "exec", arguments: { command: "uptime" } },
      { id: "c_split_1_hostname_2_split_2_date", name: "exec", arguments: { command: "date" } },
      { id: "c_split_2_date_2", name: "exec", arguments: { command: "ls" } },
    ]);
  });

  it("makes the done event, its message and result() agree, with stop turned into toolUse", async () => {
    const final = message([execCall("date; uptime")], { stopReason: "stop" });
    const stream = rewriteStream(sourceStream(eventsFor(final), final));
    const events = await collect(stream);
    const done = events.at(-1);
    expect(done?.type === "done" && done.reason).toBe("toolUse");
    const result = await stream.result();
    expect(done?.type === "done" && done.message).toBe(result);
    expect(result.stopReason).toBe("toolUse");
    expect(result.content.map((block) => block.type === "toolCall" && block.id)).toEqual([
      "call_1_split_1_date",
      "call_1_split_2_uptime",
    ]);
    expect(final.content).toHaveLength(1);
  });

  it("keeps string-encoded arguments string-encoded in events and result", async () => {
    const final = message([execCall("hostname; date", "s", "string")], { stopReason: "toolUse" });
    const stream = rewriteStream(sourceStream(eventsFor(final), final));
    const events = await collect(stream);
    const deltas = events.filter((event) => event.type === "toolcall_delta").map((event) => event.delta);
    expect(deltas).toEqual(['{"command":"hostname"}', '{"command":"date"}']);
    const result = await stream.result();
    expect(result.content.map((block) => block.type === "toolCall" && (block.arguments as unknown))).toEqual([
      '{"command":"hostname"}',
      '{"command":"date"}',
    ]);
  });

  it("handles interleaved (parallel) tool-call streaming", async () => {
    const first = execCall("hostname; date", "a");
    const second = execCall("uptime; date", "b");
    const final = message([first, second], { stopReason: "toolUse" });
    const p = final;
    const events: Event[] = [
      { type: "start", partial: p },
      { type: "toolcall_start", contentIndex: 0, partial: p },
      { type: "toolcall_start", contentIndex: 1, partial: p },
      { type: "toolcall_delta", contentIndex: 0, delta: '{"command":', partial: p },
      { type: "toolcall_delta", contentIndex: 1, delta: '{"command":"uptime; date"}', partial: p },
      { type: "toolcall_delta", contentIndex: 0, delta: '"hostname; date"}', partial: p },
      { type: "toolcall_end", contentIndex: 0, toolCall: first, partial: p },
      { type: "toolcall_end", contentIndex: 1, toolCall: second, partial: p },
      { type: "done", reason: "toolUse", message: final },
    ];
    const executed = await runLikeOpenClaw(rewriteStream(sourceStream(events, final)));
    expect(executed.map((call) => [call.id, call.arguments])).toEqual([
      ["a_split_1_hostname", { command: "hostname" }],
      ["a_split_2_date", { command: "date" }],
      ["b_split_1_uptime", { command: "uptime" }],
      ["b_split_2_date", { command: "date" }],
    ]);
  });

  it("splits a call the source never ended when the done message holds it complete (OpenClaw 2026.7.1)", async () => {
    const call = execCall("hostname; date", "c");
    const final = message([call], { stopReason: "toolUse" });
    const events: Event[] = [
      { type: "start", partial: final },
      { type: "toolcall_start", contentIndex: 0, partial: final },
      { type: "toolcall_delta", contentIndex: 0, delta: '{"command":', partial: final },
      { type: "toolcall_delta", contentIndex: 0, delta: '"hostname; date"}', partial: final },
      { type: "done", reason: "toolUse", message: final },
    ];
    const stream = rewriteStream(sourceStream(events, final));
    const executed = await runLikeOpenClaw(stream);
    expect(executed).toEqual([
      { id: "c_split_1_hostname", name: "exec", arguments: { command: "hostname" } },
      { id: "c_split_2_date", name: "exec", arguments: { command: "date" } },
    ]);
  });

  it("settles a call's fate from its events even if the source never ended it", async () => {
    const call = execCall("hostname; date");
    const partial = message([call]);
    const errorMessage = message([call], { stopReason: "error", errorMessage: "cut off" });
    const events: Event[] = [
      { type: "start", partial },
      { type: "toolcall_start", contentIndex: 0, partial },
      { type: "toolcall_delta", contentIndex: 0, delta: '{"command":"hostname; date"}', partial },
      { type: "error", reason: "error", error: errorMessage },
    ];
    const stream = rewriteStream(sourceStream(events, errorMessage));
    const out = await collect(stream);
    expect(out.slice(0, 3)).toEqual(events.slice(0, 3));
    expect(out[3]).toBe(events[3]);
    expect(await stream.result()).toBe(errorMessage);
  });
});

describe("stream wrapper: events it cannot place", () => {
  const blocksOf = (events: readonly Event[], index: number) =>
    events.filter((event) => (event as { contentIndex?: unknown }).contentIndex === index);

  it("gives blocks indices in the order they open, so a call arriving after a later block still splits", async () => {
    const final = message([execCall("hostname; date", "a"), execCall("uptime", "b")], {
      stopReason: "toolUse",
    });
    const events = eventsFor(final, 50);
    const reordered = [
      events[0] as Event,
      ...blocksOf(events, 1),
      ...blocksOf(events, 0),
      events.at(-1) as Event,
    ];
    const out = await collect(rewriteStream(sourceStream(reordered, final)));
    expect(streamLawViolations(out)).toEqual([]);
    // Each call runs with its own arguments, under the index its events went out with.
    const executed = await runLikeOpenClaw(rewriteStream(sourceStream(reordered, final)));
    expect(executed).toEqual([
      { id: "b", name: "exec", arguments: { command: "uptime" } },
      { id: "a_split_1_hostname", name: "exec", arguments: { command: "hostname" } },
      { id: "a_split_2_date", name: "exec", arguments: { command: "date" } },
    ]);
  });

  it("keeps one index per text block when a reasoning block arrives late at a lower index", async () => {
    const final = message([thinking("late thought"), text("the answer")]);
    const events = eventsFor(final, 4);
    const reordered = [
      events[0] as Event,
      ...blocksOf(events, 1).slice(0, 2),
      ...blocksOf(events, 0),
      ...blocksOf(events, 1).slice(2),
      events.at(-1) as Event,
    ];
    const stream = rewriteStream(sourceStream(reordered, final));
    const out = await collect(stream);
    expect(streamLawViolations(out)).toEqual([]);
    const textIndexes = new Set(
      out.flatMap((event) =>
        event.type.startsWith("text_") ? [(event as { contentIndex: number }).contentIndex] : [],
      ),
    );
    expect([...textIndexes]).toEqual([0]);
    expect((await stream.result()).content).toEqual([text("the answer")]);
  });

  it("leaves tool-call events without a numeric content index, and the message, as they are", async () => {
    const final = combined();
    const events = eventsFor(final, 100).map((event) =>
      event.type.startsWith("toolcall_") ? ({ ...event, contentIndex: "1" } as unknown as Event) : event,
    );
    const stream = rewriteStream(sourceStream(events, final));
    const out = await collect(stream);
    expect(out.map((event) => (event as { contentIndex?: unknown }).contentIndex)).toEqual(
      events.map((event) => (event as { contentIndex?: unknown }).contentIndex),
    );
    expect(out.filter((event) => event.type.startsWith("toolcall_"))).toEqual(
      events.filter((event) => event.type.startsWith("toolcall_")),
    );
    expect((await stream.result()).content).toEqual(final.content);
  });
});

describe("stream wrapper: pass-through", () => {
  it("hands a text-only stream's events through as the same objects, in order", async () => {
    const final = message([text("hello there, this is a longer answer")]);
    const events = eventsFor(final, 3);
    const out = await collect(rewriteStream(sourceStream(events, final)));
    expect(out).toHaveLength(events.length);
    for (const [index, event] of out.entries()) expect(event).toBe(events[index]);
  });

  it("hands unsplittable tool calls through unchanged", async () => {
    const final = message([execCall("hostname | tr a-z A-Z; date"), execCall("date", "c2")], {
      stopReason: "toolUse",
    });
    const events = eventsFor(final, 5);
    const stream = rewriteStream(sourceStream(events, final));
    const out = await collect(stream);
    for (const [index, event] of out.entries()) expect(event).toBe(events[index]);
    expect(await stream.result()).toBe(final);
  });

  it("passes unknown event types through at their place", async () => {
    const final = message([execCall("hostname; date")], { stopReason: "toolUse" });
    const events = eventsFor(final);
    const custom = { type: "provider_note", note: "x" } as unknown as Event;
    events.splice(1, 0, custom);
    const out = await collect(rewriteStream(sourceStream(events, final)));
    expect(out[1]).toBe(custom);
  });

  it("rewrites arrays of events", () => {
    const final = message([execCall("uptime; hostname")], { stopReason: "toolUse" });
    const out = rewriteEvents(eventsFor(final));
    expect(shape(out)).toEqual([
      "start",
      "toolcall_start@0",
      "toolcall_delta@0",
      "toolcall_end@0",
      "toolcall_start@1",
      "toolcall_delta@1",
      "toolcall_end@1",
      "done",
    ]);
  });
});

describe("wrapStreamFn", () => {
  it("wraps a stream function that returns its stream directly, staying synchronous", async () => {
    const final = combined();
    const inner: StreamFn = () => sourceStream(eventsFor(final), final);
    const produced = wrapStreamFn(inner)(model, context);
    expect(produced).not.toBeInstanceOf(Promise);
    const executed = await runLikeOpenClaw(await produced);
    expect(executed).toHaveLength(3);
  });

  it("wraps a stream function that returns a promise", async () => {
    const final = combined();
    const inner: StreamFn = async () => sourceStream(eventsFor(final), final);
    const produced = wrapStreamFn(inner)(model, context);
    expect(produced).toBeInstanceOf(Promise);
    expect((await runLikeOpenClaw(await produced)).map((call) => call.id)).toEqual([
      "call_mock_exec_1_split_1_hostname",
      "call_mock_exec_1_split_2_date",
      "call_mock_exec_1_split_3_uptime",
    ]);
  });

  it("forwards model, context and options untouched", () => {
    const seen: unknown[] = [];
    const final = message([text("x")]);
    const options = { signal: undefined };
    wrapStreamFn((...args) => {
      seen.push(...args);
      return sourceStream([], final);
    })(model, context, options);
    expect(seen[0]).toBe(model);
    expect(seen[1]).toBe(context);
    expect(seen[2]).toBe(options);
  });

  it("empties non-exec tool schemas in the context it passes on (OpenClaw re-adds some after normalizing)", () => {
    const seen: { tools?: unknown[] }[] = [];
    const exec = {
      name: "exec",
      description: "run",
      parameters: { type: "object", properties: { command: {} } },
    };
    const spawn = {
      name: "sessions_spawn",
      description: "spawn",
      parameters: { type: "object", properties: { collect: {}, groupId: {} } },
    };
    const withTools = { messages: [], tools: [exec, spawn] };
    wrapStreamFn((_model, ctx) => {
      seen.push(ctx);
      return sourceStream([], message([text("x")]));
    })(model, withTools);
    expect(seen[0]?.tools).toEqual([exec, { ...spawn, parameters: { type: "object", properties: {} } }]);
    expect(seen[0]?.tools?.[0]).toBe(exec);
    expect(withTools.tools[1]).toBe(spawn);
    expect(spawn.parameters.properties).toHaveProperty("collect");
  });

  it("accepts a plain array of events and resolves result() from its done event", async () => {
    const final = message([execCall("date; hostname")], { stopReason: "toolUse" });
    const inner = (() => eventsFor(final)) as unknown as StreamFn;
    const stream = await wrapStreamFn(inner)(model, context);
    const events = await collect(stream);
    const result = await stream.result();
    expect(result.content).toHaveLength(2);
    expect(events.at(-1)).toMatchObject({ type: "done", message: result });
  });

  it("rewrites result() even if the stream is never iterated", async () => {
    const final = combined();
    const stream = rewriteStream(sourceStream(eventsFor(final), final));
    expect((await stream.result()).content).toHaveLength(4);
  });
});

describe("iterator protocol", () => {
  it("propagates return() (early break) to the source iterator", async () => {
    const final = combined();
    const source = sourceStream(eventsFor(final), final);
    for await (const event of rewriteStream(source)) {
      if (event.type === "text_delta") break;
    }
    expect(source.calls.return).toHaveLength(1);
  });

  it("propagates throw() to the source iterator", async () => {
    const final = combined();
    const source = sourceStream(eventsFor(final), final);
    const iterator = rewriteStream(source)[Symbol.asyncIterator]();
    await iterator.next();
    const failure = new Error("consumer gave up");
    await expect(iterator.throw?.(failure)).rejects.toBe(failure);
    expect(source.calls.throw).toEqual([failure]);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it("returns the source when throw() is not supported by it", async () => {
    const final = message([text("x")]);
    let returned = 0;
    const source = {
      result: () => Promise.resolve(final),
      [Symbol.asyncIterator]: () => ({
        next: async () => ({ value: eventsFor(final)[0] as Event, done: false as const }),
        return: async () => {
          returned++;
          return { value: undefined, done: true as const };
        },
      }),
    };
    const iterator = rewriteStream(source)[Symbol.asyncIterator]();
    await iterator.next();
    await expect(iterator.throw?.(new Error("stop"))).rejects.toThrow("stop");
    expect(returned).toBe(1);
  });

  it("lets OpenClaw replace result and the iterator on the stream object", async () => {
    const final = combined();
    const stream = rewriteStream(sourceStream(eventsFor(final), final));
    const originalResult = stream.result.bind(stream);
    stream.result = async () => ({ ...(await originalResult()), responseId: "patched" });
    expect((await stream.result()).responseId).toBe("patched");
  });
});
