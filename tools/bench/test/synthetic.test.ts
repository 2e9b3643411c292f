import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { discoverWorkspace } from "@model-setup/discovery";
import { assemble } from "@model-setup/registry-builder";
import { describe, expect, it } from "vitest";
import { builderPhases, withScaling } from "../src/registry.js";
import { syntheticIntervention, touchManifest, writeSyntheticWorkspace } from "../src/synthetic.js";
import { formatPhases, formatTable } from "../src/table.js";

describe("synthetic workspace generator", () => {
  it("writes N valid, non-conflicting interventions, 10% with a plugin, that the builder accepts", async () => {
    const root = mkdtempSync(join(tmpdir(), "msetup-bench-test-"));
    const written = writeSyntheticWorkspace(root, 30);
    expect(written).toHaveLength(30);
    expect(written.filter((item) => item.hasPlugin)).toHaveLength(3);
    expect(new Set(written.map((item) => item.id)).size).toBe(30);

    const discovery = await discoverWorkspace(root);
    expect(discovery.problems).toEqual([]);
    const result = await assemble(discovery.packages);
    if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
    expect(result.interventions).toHaveLength(30);
    const bundles = result.output.files.filter((file) => file.path.endsWith("/index.js"));
    expect(bundles).toHaveLength(3);
    const prefixes = result.interventions.filter((item) => item.manifest.match.modelIdPrefixes);
    expect(prefixes).toHaveLength(6);
  });

  it("is deterministic, and a touch changes only the description", () => {
    expect(syntheticIntervention(10)).toEqual(syntheticIntervention(10));
    const root = mkdtempSync(join(tmpdir(), "msetup-bench-test-"));
    writeSyntheticWorkspace(root, 2);
    const file = join(root, "interventions/synthetic-00001/manifest.json");
    const before = JSON.parse(readFileSync(file, "utf8"));
    touchManifest(file, 1);
    touchManifest(file, 2);
    const after = JSON.parse(readFileSync(file, "utf8"));
    expect(after.description).toBe(`${before.description} (rev 2)`);
    expect({ ...after, description: "" }).toEqual({ ...before, description: "" });
  });

  it("formats one table with a row per measurement", () => {
    const table = formatTable([
      { group: "g", scenario: "s", size: 1000, wallMs: 1234, peakRssMb: 80.2, note: "n" },
      { group: "g", scenario: "t", size: 0, wallMs: 0.5, peakRssMb: Number.NaN, note: "" },
    ]);
    expect(table.split("\n")).toHaveLength(4);
    expect(table).toContain("1,000");
    expect(table).toContain("1.23 s");
    expect(table).toContain("500.0 µs");
  });

  it("notes each row's time relative to the same scenario at the smallest size", () => {
    const row = (scenario: string, size: number, wallMs: number) => ({
      group: "g",
      scenario,
      size,
      wallMs,
      peakRssMb: 1,
      note: "n",
    });
    const scaled = withScaling([row("one", 7, 400), row("one", 1000, 600), row("warm", 1000, 500)]);
    expect(scaled.map((r) => r.note)).toEqual(["n", "n; 1.50x of N=7", "n"]);
  });

  it("reads the builder's --timings line and tabulates the phases per size", () => {
    const output =
      "registry-builder: 7 intervention(s)\ntimings: discover 12.5 ms, load 3.0 ms, write 40.25 ms\n";
    const phases = builderPhases(output);
    expect(phases).toEqual({ discover: 12.5, load: 3, write: 40.25 });
    expect(builderPhases("no timings here")).toBeUndefined();
    const row = (size: number) => ({
      group: "b",
      scenario: "one",
      size,
      wallMs: 1,
      peakRssMb: 1,
      note: "",
      phases,
    });
    const table = formatPhases([row(7), row(1000), { ...row(5), scenario: "other" }], "one").split("\n");
    expect(table[1]).toMatch(/phase \(ms\) \|\s+N=7 \|\s+N=1,000 \|/);
    expect(table).toHaveLength(6);
    expect(table[5]).toMatch(/write\s+\|\s+40\.3 \|\s+40\.3 \|/);
    expect(formatPhases([row(7)], "absent")).toBe("");
  });
});
