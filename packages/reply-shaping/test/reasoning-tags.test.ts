import { cutAt } from "@model-setup/intervention-testkit/stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { joinPieces, type Piece, shapeText } from "../src/pieces.js";
import { reasoningTags } from "../src/text/reasoning-tags.js";

const think = reasoningTags(["think"]);
const fresh = { offeredTools: new Map<string, unknown>(), afterReasoning: false };
const shape = (text: string) => shapeText(think, text, fresh);

function shapeChunked(text: string, offsets: number[]): Piece[] {
  const shaper = think(fresh);
  return joinPieces([...cutAt(text, offsets).flatMap((part) => shaper.push(part)), ...shaper.end()]);
}

describe("reasoning tags", () => {
  it("moves a leading <think> section into reasoning, dropping the whitespace that frames it", () => {
    expect(shape("\n<think>\nThe user wants the date.\n</think>\n\nIt is Monday.")).toEqual([
      { type: "thinking", text: "\nThe user wants the date.\n" },
      { type: "text", text: "It is Monday." },
    ]);
  });

  it("takes everything before an orphan closing tag as reasoning", () => {
    expect(shape("The user wants the date, so I call date.</think>It is Monday.")).toEqual([
      { type: "thinking", text: "The user wants the date, so I call date." },
      { type: "text", text: "It is Monday." },
    ]);
    // An empty section is kept as empty reasoning: it is what marks the answer as shaped already.
    expect(shape("</think>\n\nIt is Monday.")).toEqual([
      { type: "thinking", text: "" },
      { type: "text", text: "It is Monday." },
    ]);
  });

  it("takes an opening tag never closed as reasoning to the end", () => {
    expect(shape("<think>still thinking when the tokens ran out")).toEqual([
      { type: "thinking", text: "still thinking when the tokens ran out" },
    ]);
  });

  it("leaves text without tags, tags later in the text, and near-misses as they are", () => {
    for (const text of [
      "It is Monday.",
      "Use the <think> tag to reason.",
      "<thinking>not the tag</thinking> answer",
      "  <thin",
      "a < b and b > c",
    ]) {
      expect(shape(text)).toEqual([{ type: "text", text }]);
    }
  });

  it("only the first section: a second <think> after the answer stays text", () => {
    expect(shape("<think>a</think>Answer <think>b</think>")).toEqual([
      { type: "thinking", text: "a" },
      { type: "text", text: "Answer <think>b</think>" },
    ]);
  });

  it("changes nothing in text that reasoning already precedes", () => {
    const text = "<think>x</think>y";
    expect(shapeText(think, text, { ...fresh, afterReasoning: true })).toEqual([{ type: "text", text }]);
  });

  it("streams reasoning as it arrives and the answer after the closing tag", () => {
    const shaper = think(fresh);
    expect(shaper.push("<think>abc</thi")).toEqual([{ type: "thinking", text: "abc" }]);
    expect(shaper.push("nk>  ")).toEqual([]);
    expect(shaper.push("Ans")).toEqual([{ type: "text", text: "Ans" }]);
    expect(shaper.push("wer")).toEqual([{ type: "text", text: "wer" }]);
    expect(shaper.end()).toEqual([]);
  });

  it("holds an untagged answer until a closing tag or the end decides it", () => {
    const shaper = think(fresh);
    expect(shaper.push("Monday")).toEqual([]);
    expect(shaper.end()).toEqual([{ type: "text", text: "Monday" }]);
  });

  it("takes other tag names", () => {
    expect(shapeText(reasoningTags(["reasoning"]), "<reasoning>r</reasoning>a", fresh)).toEqual([
      { type: "thinking", text: "r" },
      { type: "text", text: "a" },
    ]);
    expect(() => reasoningTags(["th ink"])).toThrow(/not a reasoning tag name/);
  });

  it("takes any of several tags, namespaced ones too, closing a section only with its own tag", () => {
    const minimax = reasoningTags(["think", "mm:think"]);
    expect(shapeText(minimax, "<mm:think>a</think>b</mm:think>c", fresh)).toEqual([
      { type: "thinking", text: "a</think>b" },
      { type: "text", text: "c" },
    ]);
    expect(shapeText(minimax, "a</mm:think>b", fresh)).toEqual([
      { type: "thinking", text: "a" },
      { type: "text", text: "b" },
    ]);
  });
});

const fragments = fc.constantFrom(
  "<think>",
  "</think>",
  "<thi",
  "nk>",
  "</",
  "\n",
  " ",
  "a",
  "b c",
  "<",
  ">",
);
const replyText = fc.array(fragments, { maxLength: 14 }).map((parts) => parts.join(""));
const offsets = fc.array(fc.nat({ max: 120 }), { maxLength: 8 });

describe("reasoning tags: properties", () => {
  it("gives the same pieces for any chunking of the same text", () => {
    fc.assert(
      fc.property(replyText, offsets, (text, cuts) => {
        expect(shapeChunked(text, cuts)).toEqual(shape(text));
      }),
    );
  });

  it("loses no character but the tags and their framing whitespace", () => {
    fc.assert(
      fc.property(replyText, (text) => {
        const pieces = shape(text);
        const reasoning = pieces.flatMap((piece) => (piece.type === "thinking" ? [piece.text] : [])).join("");
        const answer = pieces.flatMap((piece) => (piece.type === "text" ? [piece.text] : [])).join("");
        const lead = /^[ \t\r\n]*/.exec(text)?.[0] ?? "";
        const framed = (space: string) => /^[ \t\r\n]*$/.test(space) && !/^[ \t\r\n]/.test(answer);
        const tail = (rest: string) =>
          rest.endsWith(answer) && framed(rest.slice(0, rest.length - answer.length));
        const readings = [
          // untouched
          reasoning === "" && answer === text,
          // <think>R</think> W A
          text.startsWith(`${lead}<think>${reasoning}</think>`) &&
            tail(text.slice(`${lead}<think>${reasoning}</think>`.length)),
          // <think>R, never closed
          answer === "" && text === `${lead}<think>${reasoning}`,
          // R</think> W A
          text.startsWith(`${reasoning}</think>`) && tail(text.slice(`${reasoning}</think>`.length)),
        ];
        expect(readings).toContain(true);
      }),
    );
  });

  it("is idempotent: its answer, now after reasoning, is left alone", () => {
    fc.assert(
      fc.property(replyText, (text) => {
        const pieces = shape(text);
        const afterReasoning = pieces.some((piece) => piece.type === "thinking");
        for (const piece of pieces) {
          if (piece.type !== "text") continue;
          const again = shapeText(think, piece.text, { ...fresh, afterReasoning });
          expect(joinPieces(again)).toEqual([piece]);
        }
      }),
    );
  });
});
