import { isReasoningEventType, withoutReasoningFields } from "@model-setup/reply-shaping";
import { describe, expect, it } from "vitest";
import { rewriteAssistantMessage, rewriteStream } from "../plugin/src/stream.js";
import { collect, eventsFor, message, shape, sourceStream, text, thinking } from "./helpers.js";

describe("reasoning strip", () => {
  it("removes thinking blocks and reasoning fields from a message", () => {
    const original = { ...message([thinking("let me think"), text("answer")]), reasoning_content: "raw" };
    const rewritten = rewriteAssistantMessage(original);
    expect(rewritten.content).toEqual([text("answer")]);
    expect(rewritten).not.toHaveProperty("reasoning_content");
    expect(rewritten.stopReason).toBe("stop");
    expect(original.content).toHaveLength(2);
  });

  it("copies only when a reasoning field is present", () => {
    const plain = { a: 1 };
    expect(withoutReasoningFields(plain)).toBe(plain);
    expect(withoutReasoningFields({ a: 1, reasoning: "x", thinking: "y" })).toEqual({ a: 1 });
  });

  it("recognises thinking stream events only", () => {
    expect(["thinking_start", "thinking_delta", "thinking_end"].every(isReasoningEventType)).toBe(true);
    expect(["text_delta", "toolcall_delta", "start", "done"].some(isReasoningEventType)).toBe(false);
  });

  it("drops thinking events and renumbers later content indices, in events, snapshots and result()", async () => {
    const final = message([thinking("hmm, two thoughts"), text("one"), thinking("again"), text("two")]);
    const stream = rewriteStream(sourceStream(eventsFor(final, 100), final));
    const events = await collect(stream);
    expect(shape(events)).toEqual([
      "start",
      "text_start@0",
      "text_delta@0",
      "text_end@0",
      "text_start@1",
      "text_delta@1",
      "text_end@1",
      "done",
    ]);
    for (const event of events) {
      const partial = "partial" in event ? event.partial : event.type === "done" ? event.message : undefined;
      expect(partial?.content.map((block) => block.type)).toEqual(["text", "text"]);
    }
    const textEnds = events.filter((event) => event.type === "text_end");
    expect(textEnds.map((event) => event.content)).toEqual(["one", "two"]);
    expect((await stream.result()).content).toEqual([text("one"), text("two")]);
  });
});
