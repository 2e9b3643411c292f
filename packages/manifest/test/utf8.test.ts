import { isUtf8 } from "node:buffer";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeUtf8, firstInvalidUtf8 } from "../src/index.js";

const bytes = (...values: number[]) => Uint8Array.from(values);

describe("decodeUtf8", () => {
  it("decodes well-formed UTF-8 as Node does, keeping a byte-order mark", () => {
    const text = '\uFEFF{"a": "ünï©ødé 🦀"}';
    expect(decodeUtf8(Buffer.from(text, "utf8"))).toEqual({ ok: true, text });
  });

  it.each([
    ["a lone continuation byte", bytes(0x7b, 0x80, 0x7d), 1],
    ["a truncated sequence at the end", bytes(0x61, 0x62, 0xe2, 0x82), 2],
    ["an overlong form", bytes(0x22, 0xc0, 0xaf), 1],
    ["an encoded surrogate", bytes(0x61, 0xed, 0xa0, 0x80), 1],
    ["a code point above U+10FFFF", bytes(0xf4, 0x90, 0x80, 0x80), 0],
    ["a byte that never occurs", bytes(0x61, 0x62, 0x63, 0xff), 3],
  ])("refuses %s with the offset of its first byte", (_, input, offset) => {
    expect(decodeUtf8(input)).toEqual({ ok: false, offset });
  });

  it("agrees with Node's validator on any bytes, and everything before the offset is valid", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (input) => {
        const offset = firstInvalidUtf8(input);
        expect(offset === undefined).toBe(isUtf8(input));
        if (offset !== undefined) expect(isUtf8(input.subarray(0, offset))).toBe(true);
      }),
    );
  });
});
