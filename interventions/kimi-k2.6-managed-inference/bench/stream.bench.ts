/**
 * Cost of the stream wrapper per event, against a plain pass-through async iterator over the same source.
 * Design target: near-zero cost for events it does not rewrite (the long text-only stream).
 *
 * `pnpm bench` prints vitest's table; the `afterAll` block also prints events/second and the ratio.
 */
import type {
  AssistantMessageEvent,
  AssistantMessageEventStreamLike,
} from "@model-setup/openclaw-plugin-api";
import { afterAll, bench, describe } from "vitest";
import { rewriteStream } from "../plugin/src/stream.js";
import { drain, eventsFor, execCall, message, passThrough, sourceStream, text } from "../test/helpers.js";

type Event = AssistantMessageEvent;

/** Baseline 2: the idiomatic pass-through, an async generator re-yielding every event. */
function generatorPassThrough(source: AssistantMessageEventStreamLike): AssistantMessageEventStreamLike {
  return {
    async *[Symbol.asyncIterator]() {
      yield* source;
    },
    result: () => source.result(),
  };
}

const longText = message([text("x".repeat(20_000))]);
const textEvents: Event[] = eventsFor(longText, 2); // ~10,000 text_delta events

/** A Kimi turn: some text, the combined diagnostic call (split into three) and one call left alone. */
const kimiTurn = message(
  [
    text("Let me check the machine. ".repeat(40)),
    execCall("hostname; date; uptime", "call_mock_exec_1"),
    execCall("ls -la /tmp", "call_2"),
  ],
  { stopReason: "toolUse" },
);
const kimiEvents: Event[] = eventsFor(kimiTurn, 2);

/** Stress: 50 text blocks and 50 tool calls, half of them split; snapshots have ~125 blocks. */
const manyCalls = message(
  Array.from({ length: 50 }, (_, i) => [
    text(`step ${i}: checking the machine`),
    execCall(i % 2 === 0 ? "hostname; date; uptime" : "ls -la /tmp", `call_${i}`),
  ]).flat(),
  { stopReason: "toolUse" },
);
const manyEvents: Event[] = eventsFor(manyCalls, 4);

/** Cost growth: one message whose 400 calls all split (a rewriting that re-reads the snapshot per split is quadratic). */
const allSplit = message(
  Array.from({ length: 400 }, (_, i) => execCall("hostname; date", `call_${i}`)),
  { stopReason: "toolUse" },
);
const allSplitEvents: Event[] = eventsFor(allSplit, 64);

const cases = [
  { name: "long text-only stream", events: textEvents, final: longText },
  { name: "tool-call stream (one Kimi turn)", events: kimiEvents, final: kimiTurn },
  { name: "tool-call stress (50 calls)", events: manyEvents, final: manyCalls },
  { name: "split stress (400 calls, all split)", events: allSplitEvents, final: allSplit },
];

for (const { name, events, final } of cases) {
  describe(`${name} (${events.length} events)`, () => {
    bench("plain pass-through", async () => {
      await drain(passThrough(sourceStream(events, final)));
    });
    bench("async-generator pass-through", async () => {
      await drain(generatorPassThrough(sourceStream(events, final)));
    });
    bench("kimi wrapper", async () => {
      await drain(rewriteStream(sourceStream(events, final)));
    });
  });
}

async function eventsPerSecond(run: () => Promise<number>, rounds: number): Promise<number> {
  await run();
  let events = 0;
  const start = performance.now();
  for (let i = 0; i < rounds; i++) events += await run();
  return events / ((performance.now() - start) / 1000);
}

afterAll(async () => {
  for (const { name, events, final } of cases) {
    const plain = await eventsPerSecond(() => drain(passThrough(sourceStream(events, final))), 30);
    const generator = await eventsPerSecond(
      () => drain(generatorPassThrough(sourceStream(events, final))),
      30,
    );
    const wrapped = await eventsPerSecond(() => drain(rewriteStream(sourceStream(events, final))), 30);
    const rate = (value: number) => `${Math.round(value).toLocaleString("en")} ev/s`;
    const overheadNs = (1e9 / wrapped - 1e9 / plain).toFixed(0);
    console.log(
      `[stream bench] ${name}: plain pass-through ${rate(plain)}, async-generator pass-through ${rate(generator)}, ` +
        `wrapper ${rate(wrapped)}; wrapper/plain = ${(wrapped / plain).toFixed(2)}, ` +
        `wrapper/generator = ${(wrapped / generator).toFixed(2)}, added ~${overheadNs} ns/event`,
    );
  }
});
