import { cutAt } from "@model-setup/intervention-testkit/stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { joinPieces, type Piece, shapeText, type TextShaperFactory } from "../src/pieces.js";
import { textToolCalls } from "../src/text/formats.js";

const offered = new Map<string, unknown>([
  ["exec", undefined],
  ["memory_search", undefined],
]);
const context = { offeredTools: offered, afterReasoning: false };
const call = (name: string, args: Record<string, unknown>): Piece => ({
  type: "toolCall",
  name,
  arguments: args,
});
const text = (value: string): Piece => ({ type: "text", text: value });

function chunked(factory: TextShaperFactory, value: string, offsets: number[]): Piece[] {
  const shaper = factory(context);
  return joinPieces([...cutAt(value, offsets).flatMap((part) => shaper.push(part)), ...shaper.end()]);
}

describe("hermes-json: a whole answer of bare JSON calls", () => {
  const hermes = textToolCalls("hermes-json");
  const shape = (value: string) => shapeText(hermes, value, context);

  it("makes the bare JSON answer hermes3 writes a call (arguments first, as reported)", () => {
    expect(shape('{"arguments":{"query":"deploy notes"},"name":"memory_search"}')).toEqual([
      call("memory_search", { query: "deploy notes" }),
    ]);
    expect(
      shape(
        '\n{"name":"exec","parameters":{"command":"date"}}\n{"name":"exec","arguments":"{\\"command\\":\\"uptime\\"}"}\n',
      ),
    ).toEqual([call("exec", { command: "date" }), call("exec", { command: "uptime" })]);
  });

  it.each([
    ["prose", "The date is Monday."],
    ["prose before the JSON", 'Searching: {"name":"exec","arguments":{"command":"date"}}'],
    ["prose after the JSON", '{"name":"exec","arguments":{"command":"date"}} done'],
    ["a JSON answer that is no call", '{"date":"Monday"}'],
    ["a call to a tool not offered", '{"name":"rm","arguments":{}}'],
    [
      "one good call beside a bad one",
      '{"name":"exec","arguments":{"command":"date"}} {"name":"rm","arguments":{}}',
    ],
    ["a fenced example", '```json\n{"name":"exec","arguments":{"command":"date"}}\n```'],
    ["JSON cut off", '{"name":"exec","arguments":{"command":"da'],
  ])("leaves %s as text", (_label, value) => {
    expect(shape(value)).toEqual([text(value)]);
  });

  it("streams an answer that does not open with { and holds one that does", () => {
    const shaper = hermes(context);
    expect(shaper.push("  The")).toEqual([text("  The")]);
    expect(shaper.push(" date")).toEqual([text(" date")]);
    const held = hermes(context);
    expect(held.push(' {"name":"exec",')).toEqual([]);
    expect(held.push('"arguments":{"command":"date"}}')).toEqual([]);
    expect(held.end()).toEqual([call("exec", { command: "date" })]);
  });
});

describe("harmony: GPT-OSS channel messages in the answer", () => {
  const harmony = textToolCalls("harmony");
  const shape = (value: string) => shapeText(harmony, value, context);

  it("reads the canonical form: analysis to reasoning, commentary to functions.X to a call", () => {
    const reply =
      '<|channel|>analysis<|message|>Need to use function exec.<|end|><|start|>assistant<|channel|>commentary to=functions.exec <|constrain|>json<|message|>{"command":"hostname"}<|call|>';
    expect(shape(reply)).toEqual([
      { type: "thinking", text: "Need to use function exec." },
      call("exec", { command: "hostname" }),
    ]);
  });

  it("reads the form LM Studio users report (no functions. prefix, no <|call|>) and a final answer", () => {
    expect(
      shape('<|channel|>commentary to=exec<|constrain|>json<|message|>{"command":"date","timeout":10000}'),
    ).toEqual([call("exec", { command: "date", timeout: 10000 })]);
    expect(
      shape(
        "<|channel|>analysis<|message|>Done.<|end|><|start|>assistant<|channel|>final<|message|>It is Monday.",
      ),
    ).toEqual([{ type: "thinking", text: "Done." }, text("It is Monday.")]);
  });

  it("takes the recipient after the role too, and keeps text outside messages", () => {
    expect(
      shape(
        'Sure.<|start|>assistant to=functions.exec<|channel|>commentary json<|message|>{"command":"uptime"}<|call|>',
      ),
    ).toEqual([text("Sure."), call("exec", { command: "uptime" })]);
  });

  it.each([
    [
      "a call to a tool not offered",
      '<|channel|>commentary to=functions.rm <|constrain|>json<|message|>{"path":"/"}<|call|>',
    ],
    ["arguments that do not parse", '<|channel|>commentary to=functions.exec<|message|>{"command":<|call|>'],
    ["a header without <|message|>", "<|channel|>commentary to=functions.exec json {}"],
    ["an unknown channel", "<|channel|>secret<|message|>x<|end|>"],
    ["prose without tokens", "commentary to=exec code {}"],
  ])("leaves %s as text", (_label, value) => {
    expect(shape(value)).toEqual([text(value)]);
  });
});

const harmonyFragments = fc.constantFrom(
  "<|start|>assistant",
  "<|channel|>analysis",
  "<|channel|>final",
  "<|channel|>commentary to=functions.exec ",
  "<|channel|>commentary to=functions.rm ",
  "<|constrain|>json",
  "<|message|>",
  '{"command":"date"}',
  "<|end|>",
  "<|call|>",
  "<|",
  "text ",
);
const hermesFragments = fc.constantFrom(
  '{"name":"exec","arguments":{"command":"date"}}',
  '{"name":"rm","arguments":{}}',
  '{"a":"}"}',
  " ",
  "\n",
  "prose",
  "{",
  "}",
);

describe.each([
  ["harmony", textToolCalls("harmony"), harmonyFragments],
  ["hermes-json", textToolCalls("hermes-json"), hermesFragments],
] as const)("%s: properties", (_name, factory, fragments) => {
  const reply = fc.array(fragments, { maxLength: 14 }).map((parts) => parts.join(""));
  const shape = (value: string) => shapeText(factory, value, context);

  it("gives the same pieces for any chunking", () => {
    fc.assert(
      fc.property(reply, fc.array(fc.nat({ max: 200 }), { maxLength: 8 }), (value, cuts) => {
        expect(chunked(factory, value, cuts)).toEqual(shape(value));
      }),
    );
  });

  it("never calls a tool the request did not offer, and keeps the rest of the reply in order", () => {
    fc.assert(
      fc.property(reply, (value) => {
        // Unjoined: two texts a dropped token stood between are two stretches of the reply, not one.
        const shaper = factory(context);
        const pieces = [...shaper.push(value), ...shaper.end()];
        let from = 0;
        for (const piece of pieces) {
          if (piece.type === "toolCall") {
            expect(offered.has(piece.name)).toBe(true);
            continue;
          }
          if (piece.text === "") continue;
          const at = value.indexOf(piece.text, from);
          expect(at).toBeGreaterThanOrEqual(from);
          from = at + piece.text.length;
        }
        // Hermes JSON has no framing of its own: a reply it makes no call of is left whole. (Harmony's tokens frame
        // its messages, and a final message is its body alone.)
        if (_name === "hermes-json" && pieces.every((piece) => piece.type === "text")) {
          expect(pieces.map((piece) => (piece as { text: string }).text).join("")).toBe(value);
        }
      }),
    );
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(reply, (value) => {
        for (const piece of shape(value))
          if (piece.type === "text") expect(shape(piece.text)).toEqual([piece]);
      }),
    );
  });
});
