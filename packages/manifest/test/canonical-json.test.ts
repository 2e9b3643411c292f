import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, sameJson, sortKeysDeep } from "../src/index.js";

describe("canonical JSON", () => {
  it("sorts keys at every depth, indents by two and ends with a newline", () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe(
      '{\n  "a": {\n    "c": null,\n    "d": [\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n',
    );
  });

  it("keeps __proto__ and constructor as plain keys and never touches a prototype", () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "constructor": 1, "a": 2}');
    const sorted = sortKeysDeep(value) as Record<string, unknown>;
    expect(Object.getPrototypeOf(sorted)).toBe(Object.prototype);
    expect(Object.keys(sorted)).toEqual(["__proto__", "a", "constructor"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.parse(canonicalJson(value))).toEqual(value);
  });

  it("is the same text for any key order of the same value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const reversed = JSON.parse(JSON.stringify(value), (_key, item) =>
          item && typeof item === "object" && !Array.isArray(item)
            ? Object.fromEntries(Object.entries(item).reverse())
            : item,
        );
        expect(canonicalJson(reversed)).toBe(canonicalJson(value));
        expect(sameJson(reversed, value)).toBe(true);
      }),
    );
  });
});
