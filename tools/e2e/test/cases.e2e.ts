/**
 * Runs every e2e case the interventions own (discovered through the workspace), concurrently, each in its own
 * namespaces and temp folder. `E2E_FILTER` narrows to intervention ids / case names. Zero cases is a failure.
 */
import { NEWEST_OPENCLAW_RELEASE } from "@model-setup/manifest";
import { describe, expect, it } from "vitest";
import { assertKnownIssue, assertRunHealthy } from "../src/checks.js";
import { caseMode, loadCases } from "../src/load-cases.js";
import { REPO_ROOT, requireInputs } from "../src/paths.js";
import { executeCase } from "../src/run-case.js";
import { formatTimings, recordTimings } from "../src/timings.js";

requireInputs();
const cases = await loadCases(REPO_ROOT, process.env.E2E_FILTER);
/** `E2E_OPENCLAW` (pnpm e2e --openclaw): the release every case runs on; default the newest supported. */
const release = process.env.E2E_OPENCLAW || NEWEST_OPENCLAW_RELEASE;

describe(`e2e cases on the real openclaw ${release}`, () => {
  it("found cases to run", () => {
    expect(cases.length, `no e2e case matched E2E_FILTER=${process.env.E2E_FILTER ?? ""}`).toBeGreaterThan(0);
  });

  for (const { case: c } of cases) {
    const mode = caseMode(c, release);
    if (mode === "todo") {
      it.todo(`${c.name} (todo: ${c.todo})`);
      continue;
    }
    it.concurrent(c.name, async () => {
      const run = await executeCase(c, { openclaw: release });
      if (mode === "known-issue") {
        await assertKnownIssue(c, run);
      } else {
        assertRunHealthy(c, run);
        await c.assert(run);
      }
      const note = mode === "known-issue" ? " (known issue reproduced)" : "";
      console.log(`${c.name}${note}: ${formatTimings(run.timings)}`);
      recordTimings(c.name, run.timings);
    });
  }
});
