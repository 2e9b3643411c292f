import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkManifest, checkManifestText } from "../src/index.js";
import { manifest } from "./fixtures.js";

// Hostile input: whatever arrives, the loader returns a result with located problems; it never throws,
// hangs, or lets a key such as __proto__ reach an object's prototype.
function expectCleanResult(result: ReturnType<typeof checkManifestText>) {
  if (!result.ok) {
    expect(result.problems.length).toBeGreaterThan(0);
    for (const problem of result.problems) {
      expect(problem.file).toBe("fuzz.json");
      expect(problem.pointer === "" || problem.pointer.startsWith("/")).toBe(true);
      expect(problem.message.length).toBeGreaterThan(0);
    }
  }
}

const hostileKey = fc.constantFrom(
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "$schema",
);

describe("manifest loader under hostile input", () => {
  it("random JSON values", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expectCleanResult(checkManifestText(JSON.stringify(value) ?? "null", "fuzz.json"));
      }),
      { numRuns: 500 },
    );
  });

  it("random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expectCleanResult(checkManifestText(Buffer.from(bytes).toString("utf8"), "fuzz.json"));
      }),
      { numRuns: 500 },
    );
  });

  it("a valid manifest with random fields mutated, including prototype-pollution keys", () => {
    const paths = [[], ["match"], ["effects"], ["effects", "openclawCompat"], ["effects", "openclawTools"]];
    fc.assert(
      fc.property(
        fc.constantFrom(...paths),
        fc.oneof(hostileKey, fc.string()),
        fc.jsonValue(),
        (path, key, value) => {
          const base = JSON.parse(
            JSON.stringify({
              ...manifest(),
              effects: { openclawCompat: {}, openclawTools: { toolSearch: false } },
            }),
          );
          const target = path.reduce<Record<string, unknown>>(
            (obj, seg) => obj[seg] as Record<string, unknown>,
            base,
          );
          Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
          // Round-trip through JSON text, as a manifest file would arrive: __proto__ becomes an own key.
          const result = checkManifest(JSON.parse(JSON.stringify(base)), "fuzz.json");
          expectCleanResult(result);
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        },
      ),
      { numRuns: 300 },
    );
  });

  it("__proto__ and constructor keys from JSON text are refused as unknown fields", () => {
    for (const key of ["__proto__", "constructor"]) {
      const text = JSON.stringify(manifest()).replace('"match":{', `"match":{"${key}":{"polluted":true},`);
      const result = checkManifestText(text, "fuzz.json");
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems.map((p) => p.pointer)).toContain(`/match/${key}`);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("huge strings are refused by length, quickly and with a located message", () => {
    const huge = "a".repeat(5_000_000);
    const result = checkManifest(
      { ...manifest(), description: huge, match: { modelIds: [huge] } },
      "fuzz.json",
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.map((p) => p.pointer).sort()).toEqual(["/description", "/match/modelIds/0"]);
    }
  });

  it("deep nesting is refused without exhausting the stack", () => {
    const depth = 5_000;
    const text = `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
    const nested = checkManifestText(
      text.replace('{"a":', '{"id":"x","match":{"modelIds":["a/b"]},"effects":{"openclawCompat":{"a":'),
      "fuzz.json",
    );
    expectCleanResult(nested);
    expect(nested.ok).toBe(false);
  });
});
