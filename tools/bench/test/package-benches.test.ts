import { addPackage, makeWorkspace } from "@model-setup/discovery/testing";
import { describe, expect, it } from "vitest";
import { packageBenches, rowsFromReport } from "../src/vitest-benches.js";

describe("package benches", () => {
  it("are the workspace packages with a bench script, found rather than listed", async () => {
    const root = makeWorkspace(
      { "interventions/a-fix": { pkg: { scripts: { bench: "vitest bench --run" } } } },
      ["interventions/*", "packages/*"],
    );
    addPackage(root, "packages/no-bench", { pkg: { name: "@test/no-bench", modelSetup: undefined } });
    addPackage(root, "packages/bench", {
      pkg: { name: "@model-setup/bench", modelSetup: undefined, scripts: { bench: "node run.js" } },
    });
    expect(await packageBenches(root)).toEqual([{ packageName: "@test/a-fix" }]);
  });

  it("reports each bench against the first of its group, with the registry size a group names", () => {
    const report = {
      files: [
        {
          filepath: "x.bench.ts",
          groups: [
            {
              fullName: "x.bench.ts > 100 interventions",
              benchmarks: [
                { name: "indexed", mean: 2 },
                { name: "baseline", mean: 6 },
              ],
            },
          ],
        },
      ],
    };
    const rows = rowsFromReport({ packageName: "@test/a-fix" }, report);
    expect(rows.map((row) => [row.group, row.scenario, row.size, row.note])).toEqual([
      ["@test/a-fix", "100 interventions: indexed", 100, ""],
      ["@test/a-fix", "100 interventions: baseline", 100, "3.00x of indexed"],
    ]);
  });
});
