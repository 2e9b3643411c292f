import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Accumulator } from "../src/text/accumulator.js";

describe("accumulator", () => {
  it("reads, searches and drops exactly as the string it holds would", () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant("append" as const),
        text: fc.string({ maxLength: 6, unit: fc.constantFrom("a", "b", "<", ">", "\n") }),
      }),
      fc.record({ kind: fc.constant("drop" as const), count: fc.nat({ max: 8 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), fc.nat({ max: 40 }), fc.nat({ max: 40 }), (ops, a, b) => {
        const held = new Accumulator();
        let plain = "";
        for (const o of ops) {
          if (o.kind === "append") {
            held.append(o.text);
            plain += o.text;
          } else {
            held.dropPrefix(o.count);
            plain = plain.slice(Math.min(plain.length, o.count));
          }
          expect(held.length).toBe(plain.length);
        }
        expect(held.toString()).toBe(plain);
        expect(held.slice(a, b)).toBe(plain.slice(a, b));
        for (const needle of ["<>", "a", "\n", "ab<"])
          expect(held.indexOf(needle, a)).toBe(plain.indexOf(needle, a));
        expect(held.charCodeAt(a)).toEqual(plain.charCodeAt(a));
      }),
    );
  });
});
