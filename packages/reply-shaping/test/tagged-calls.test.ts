import { cutAt } from "@model-setup/intervention-testkit/stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { joinPieces, type Piece, shapeText } from "../src/pieces.js";
import { textToolCalls } from "../src/text/formats.js";
import { MAX_CALL_BLOCK } from "../src/text/tagged-calls.js";

const qwen = textToolCalls("qwen-xml");
const EXEC_SCHEMA = {
  type: "object",
  properties: { command: { type: "string" }, timeout: { type: "integer" }, background: { type: "boolean" } },
};
const offered = new Map<string, unknown>([
  ["exec", EXEC_SCHEMA],
  ["read", undefined],
]);
const context = { offeredTools: offered, afterReasoning: false };
const shape = (text: string) => shapeText(qwen, text, context);
const call = (name: string, args: Record<string, unknown>): Piece => ({
  type: "toolCall",
  name,
  arguments: args,
});

function shapeChunked(text: string, offsets: number[]): Piece[] {
  const shaper = qwen(context);
  return joinPieces([...cutAt(text, offsets).flatMap((part) => shaper.push(part)), ...shaper.end()]);
}

describe("qwen-xml: tool calls written as <tool_call> blocks", () => {
  it("makes a JSON call block a call, keeping the prose around it", () => {
    expect(
      shape(
        'I will check.\n\n<tool_call>\n{"name": "exec", "arguments": {"command": "hostname"}}\n</tool_call>\n',
      ),
    ).toEqual([{ type: "text", text: "I will check.\n\n" }, call("exec", { command: "hostname" })]);
  });

  it("reads the Qwen3-Coder form, typing parameters as the tool declares them", () => {
    const block = [
      "<tool_call>",
      "<function=exec>",
      "<parameter=command>",
      "uptime",
      "</parameter>",
      "<parameter=timeout>",
      "30",
      "</parameter>",
      "</function>",
      "</tool_call>",
    ].join("\n");
    expect(shape(block)).toEqual([call("exec", { command: "uptime", timeout: 30 })]);
    // The one-line spelling users paste from logs.
    expect(
      shape("<tool_call> <function=exec> <parameter=command> date </parameter> </function> </tool_call>"),
    ).toEqual([call("exec", { command: " date " })]);
  });

  it("makes every block of a reply a call, in order", () => {
    const text =
      '<tool_call>\n{"name":"exec","arguments":{"command":"date"}}\n</tool_call>\n<tool_call>\n{"name":"read","arguments":"{\\"path\\":\\"/etc/hostname\\"}"}\n</tool_call>';
    expect(shape(text)).toEqual([call("exec", { command: "date" }), call("read", { path: "/etc/hostname" })]);
  });

  it.each([
    ["a tool the request did not offer", '<tool_call>\n{"name":"rm_rf","arguments":{}}\n</tool_call>'],
    ["arguments that do not parse", '<tool_call>\n{"name":"exec","arguments":{"command":}\n</tool_call>'],
    ["a call with another field", '<tool_call>\n{"name":"exec","arguments":{},"id":"x"}\n</tool_call>'],
    [
      "a parameter of the wrong type",
      "<tool_call><function=exec><parameter=timeout>soon</parameter></function></tool_call>",
    ],
    ["prose mentioning the tag", "Models write <tool_call> blocks when their parser is off."],
    [
      "a block in the middle of a line",
      'Run: <tool_call>{"name":"exec","arguments":{"command":"date"}}</tool_call>',
    ],
    [
      "text after the closing tag",
      '<tool_call>{"name":"exec","arguments":{"command":"date"}}</tool_call> done',
    ],
    ["a block never closed", '<tool_call>\n{"name":"exec","arguments":{"command":"date"}}'],
    [
      "a block inside a fenced example",
      '```xml\n<tool_call>\n{"name":"exec","arguments":{"command":"date"}}\n</tool_call>\n```\n',
    ],
  ])("leaves %s as text", (_label, text) => {
    expect(shape(text)).toEqual([{ type: "text", text }]);
  });

  it("reads a block that follows an unclosed one as the call, the unclosed one as text", () => {
    const text =
      '<tool_call>\nnot json\n<tool_call>\n{"name":"exec","arguments":{"command":"date"}}\n</tool_call>\n';
    expect(shape(text)).toEqual([
      { type: "text", text: "<tool_call>\nnot json\n" },
      call("exec", { command: "date" }),
    ]);
  });

  it("keeps a parameter named __proto__ as data", () => {
    const [piece] = shape(
      "<tool_call><function=read><parameter=__proto__>x</parameter></function></tool_call>",
    );
    expect(piece?.type).toBe("toolCall");
    const args = (piece as { arguments: Record<string, unknown> }).arguments;
    expect(Object.getPrototypeOf(args)).toBe(Object.prototype);
    expect(Object.keys(args)).toEqual(["__proto__"]);
  });

  it("streams prose line by line and holds only what may still open a block", () => {
    const shaper = qwen(context);
    expect(shaper.push("Checking the")).toEqual([{ type: "text", text: "Checking the" }]);
    expect(shaper.push(" host.\n<tool")).toEqual([{ type: "text", text: " host.\n" }]);
    expect(shaper.push('_call>{"name":"exec","arguments":{"command":"date"}}</tool_call>')).toEqual([]);
    expect(shaper.push("\nok")).toEqual([call("exec", { command: "date" }), { type: "text", text: "ok" }]);
    expect(shaper.end()).toEqual([]);
  });

  it("gives up on a block past the size limit at the limit, whatever the chunking", () => {
    const big = `<tool_call>\n${"x".repeat(MAX_CALL_BLOCK)}\n</tool_call>\nafter`;
    const whole = shape(big);
    expect(whole).toEqual([{ type: "text", text: big }]);
    expect(shapeChunked(big, [5, 1000, MAX_CALL_BLOCK - 3, MAX_CALL_BLOCK + 20])).toEqual(whole);
  });
});

const fragments = fc.constantFrom(
  "<tool_call>",
  "</tool_call>",
  '{"name":"exec","arguments":{"command":"date"}}',
  '{"name":"nope","arguments":{}}',
  "<function=exec><parameter=command>uptime</parameter></function>",
  "\n",
  " ",
  "```",
  "<tool",
  "text",
  "<",
);
const replyText = fc.array(fragments, { maxLength: 16 }).map((parts) => parts.join(""));

describe("qwen-xml: properties", () => {
  it("gives the same pieces for any chunking", () => {
    fc.assert(
      fc.property(replyText, fc.array(fc.nat({ max: 200 }), { maxLength: 8 }), (text, cuts) => {
        expect(shapeChunked(text, cuts)).toEqual(shape(text));
      }),
    );
  });

  it("never calls a tool the request did not offer, and keeps all text that is not a call", () => {
    fc.assert(
      fc.property(replyText, (text) => {
        const pieces = shape(text);
        for (const piece of pieces) if (piece.type === "toolCall") expect(offered.has(piece.name)).toBe(true);
        const kept = pieces.map((piece) => (piece.type === "text" ? piece.text : "")).join("");
        if (!pieces.some((piece) => piece.type === "toolCall")) expect(kept).toBe(text);
        // Every text piece is a stretch of the reply, in order: only what lies between them (the calls) is gone.
        let from = 0;
        for (const piece of pieces) {
          if (piece.type !== "text") continue;
          const at = text.indexOf(piece.text, from);
          expect(at).toBeGreaterThanOrEqual(from);
          from = at + piece.text.length;
        }
      }),
    );
  });

  it("is idempotent: shaping the text it left changes nothing", () => {
    fc.assert(
      fc.property(replyText, (text) => {
        for (const piece of shape(text)) {
          if (piece.type === "text") expect(shape(piece.text)).toEqual([piece]);
        }
      }),
    );
  });
});
