/**
 * Cost of reply shaping per stream event, against a plain pass-through over the same source: the shaping plugin's
 * plan (reasoning tags, then tool calls written as text) on streams it leaves alone and on streams it rewrites.
 * Target: at most about 1 µs added per event.
 *
 * `pnpm bench` prints vitest's table; the `afterAll` block also prints the added nanoseconds per event.
 */
import {
  drain,
  type Event,
  eventsFor,
  message,
  passThrough,
  sourceStream,
  text,
  toolCall,
} from "@model-setup/intervention-testkit/stream";
import type { AssistantMessage } from "@model-setup/openclaw-plugin-api";
import { afterAll, bench, describe } from "vitest";
import { chainTextShapers } from "../src/pieces.js";
import type { ReplyPlan } from "../src/rewriter.js";
import { rewriteStream } from "../src/stream.js";
import { textToolCalls } from "../src/text/formats.js";
import { reasoningTags } from "../src/text/reasoning-tags.js";

const offered = new Map<string, unknown>([
  ["exec", { type: "object", properties: { command: { type: "string" } } }],
]);
const plan = (format: "qwen-xml" | "hermes-json" | "harmony"): ReplyPlan => ({
  text: chainTextShapers([reasoningTags(["think"]), textToolCalls(format)]),
  offeredTools: offered,
});

const prose = "The machine answered; here is what it said, line by line.\n".repeat(400);
const cases: { name: string; final: AssistantMessage; plan: ReplyPlan }[] = [
  { name: "long answer, nothing to shape", final: message([text(prose)]), plan: plan("qwen-xml") },
  {
    name: "leaked reasoning and three qwen-xml calls",
    final: message([
      text(
        `${"I should look at the host first. ".repeat(100)}</think>\n\n${"<tool_call>\n<function=exec>\n<parameter=command>\nhostname\n</parameter>\n</function>\n</tool_call>\n".repeat(3)}`,
      ),
    ]),
    plan: plan("qwen-xml"),
  },
  {
    name: "harmony analysis and a call",
    final: message([
      text(
        `<|channel|>analysis<|message|>${"Need the host name. ".repeat(100)}<|end|><|start|>assistant<|channel|>commentary to=functions.exec <|constrain|>json<|message|>{"command":"hostname"}<|call|>`,
      ),
    ]),
    plan: plan("harmony"),
  },
  {
    name: "real tool calls, nothing to shape",
    final: message([text("Checking.".repeat(50)), toolCall("exec", { command: "hostname" }, "c1")], {
      stopReason: "toolUse",
    }),
    plan: plan("hermes-json"),
  },
];
// Cost growth: the same leaked-reasoning reply at 1x and 8x its length; linear shaping costs ~8x, not ~64x.
for (const times of [1, 8]) {
  cases.push({
    name: `cost growth: reasoning before an orphan tag, ${times}x`,
    final: message([text(`${"thinking it over, ".repeat(500 * times)}</think>\nanswer`)]),
    plan: plan("qwen-xml"),
  });
}
const streams = cases.map((c) => ({ ...c, events: eventsFor(c.final, 2) as Event[] }));

for (const { name, events, final, plan: shaping } of streams) {
  describe(`${name} (${events.length} events)`, () => {
    bench("plain pass-through", async () => {
      await drain(passThrough(sourceStream(events, final)));
    });
    bench("shaping wrapper", async () => {
      await drain(rewriteStream(sourceStream(events, final), shaping));
    });
  });
}

/** Nanoseconds per source event: shaping holds and joins text, so the events it puts out are fewer. */
async function nsPerEvent(run: () => Promise<number>, sourceEvents: number, rounds: number): Promise<number> {
  await run();
  const start = performance.now();
  for (let i = 0; i < rounds; i++) await run();
  return ((performance.now() - start) * 1e6) / (sourceEvents * rounds);
}

afterAll(async () => {
  for (const { name, events, final, plan: shaping } of streams) {
    const plain = await nsPerEvent(() => drain(passThrough(sourceStream(events, final))), events.length, 30);
    const shaped = await nsPerEvent(
      () => drain(rewriteStream(sourceStream(events, final), shaping)),
      events.length,
      30,
    );
    console.log(
      `[shaping bench] ${name}: ${events.length} source events, plain ${plain.toFixed(0)} ns/event, shaping ${shaped.toFixed(0)} ns/event, added ~${(shaped - plain).toFixed(0)} ns/event`,
    );
  }
});
