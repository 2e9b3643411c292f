import { describe, expect, it } from "vitest";
import { BenchError, checkedRow, median, type Row, ratio } from "../src/rows.js";
import { defaultSizes, parseSizes } from "../src/sizes.js";
import { rowsFromReport } from "../src/vitest-benches.js";

const row = (overrides: Partial<Row>): Row => ({
  group: "g",
  scenario: "s",
  size: 21,
  wallMs: 5,
  note: "",
  ...overrides,
});

describe("rows that cannot be computed fail the bench", () => {
  it("passes a row whose every figure is finite, and a ratio-only row", () => {
    expect(checkedRow(row({ peakRssMb: 80, phases: { bundle: 12.5 } }))).toEqual(
      row({ peakRssMb: 80, phases: { bundle: 12.5 } }),
    );
    expect(checkedRow(row({ wallMs: undefined, note: "1.20x median" })).note).toBe("1.20x median");
  });

  it.each([
    ["a time that is NaN", row({ wallMs: Number.NaN })],
    ["an infinite peak RSS", row({ peakRssMb: Number.POSITIVE_INFINITY })],
    ["a phase that is NaN", row({ phases: { bundle: Number.NaN } })],
    ["a note with NaN in it", row({ note: "NaNx of indexed" })],
    ["a note with Infinity in it", row({ note: "Infinityx faster" })],
    ["a negative time", row({ wallMs: -1 })],
    ["neither time nor note", row({ wallMs: undefined })],
  ])("refuses %s", (_, bad) => {
    expect(() => checkedRow(bad)).toThrow(BenchError);
  });

  it("refuses a ratio to zero and the median of nothing", () => {
    expect(ratio(3, 2, "x")).toBe("1.50x");
    expect(() => ratio(3, 0, "a over b")).toThrow("a over b cannot be computed (got Infinity)");
    expect(() => ratio(0, 0, "a over b")).toThrow("cannot be computed (got NaN)");
    expect(median([3, 1, 2])).toBe(2);
    expect(() => median([], "the bare turn")).toThrow("the bare turn (of 0 values) cannot be computed");
  });

  it("refuses a package benchmark that threw (vitest reports it without a mean and exits 0)", () => {
    const report = {
      files: [
        {
          filepath: "generate.bench.ts",
          groups: [
            {
              fullName: "generate.bench.ts > 21 interventions",
              benchmarks: [{ name: "indexed (21)", mean: 0.7 }, { name: "baseline (21)" }],
            },
          ],
        },
      ],
    };
    expect(() => rowsFromReport({ packageName: "@test/a-fix" }, report)).toThrow(
      '@test/a-fix: benchmark "21 interventions > baseline (21)" has no result (its function threw)',
    );
  });
});

describe("registry sizes", () => {
  it("are the real number of interventions, then the two powers of ten from twice that up", () => {
    expect(defaultSizes(21)).toEqual([21, 100, 1000]);
    expect(defaultSizes(7)).toEqual([7, 100, 1000]);
    expect(defaultSizes(60)).toEqual([60, 1000, 10_000]);
    expect(defaultSizes(1)).toEqual([1, 10, 100]);
  });

  it("given by hand, are refused below the real number with one line saying what to give", () => {
    expect(parseSizes("100, 21", 21, "--sizes")).toEqual([21, 100]);
    expect(() => parseSizes("7,100", 21, "BENCH_SIZES")).toThrow(
      "BENCH_SIZES: size 7 is below the 21 interventions in this workspace: give sizes from 21 up, or leave BENCH_SIZES out for 21,100,1000",
    );
    expect(() => parseSizes("21,lots", 21, "--sizes")).toThrow('--sizes: "lots" is not a registry size');
    expect(() => parseSizes("", 21, "--sizes")).toThrow('--sizes: "" is not a registry size');
  });
});
