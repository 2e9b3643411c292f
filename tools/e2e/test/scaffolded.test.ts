/**
 * A declarative intervention as `pnpm create intervention --yes` writes it runs its derived e2e cases on the real
 * OpenClaw and passes them on the first try: scaffolded into a workspace of its own, built into a context of its
 * own, with nothing written by hand.
 */
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { makeWorkspace } from "@model-setup/discovery/testing";
import { afterAll, describe, expect, it } from "vitest";
import { buildContext } from "../src/build-context.js";
import { runProblems } from "../src/checks.js";
import { deriveCases } from "../src/derived-cases.js";
import { discoverInterventions } from "../src/discover.js";
import { REPO_ROOT, requireInputs } from "../src/paths.js";
import { executeCase } from "../src/run-case.js";

const ID = "zeta-9-managed-inference";
/** The scaffolder's command line as built (turbo builds it before these tests), run as a user runs it. */
const CREATE_INTERVENTION = join(REPO_ROOT, "tools", "create-intervention", "bin", "create-intervention.js");

describe("a scaffolded declarative intervention", () => {
  requireInputs();
  const root = makeWorkspace({});
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("passes its derived e2e cases on the real OpenClaw", async () => {
    const flags = [
      ...["--yes", "--id", ID, "--description", "Zeta 9 needs its own wire settings."],
      ...["--evidence", `e2e:${ID}-derived-effects`, "--remove-when", "Zeta 9 takes OpenClaw's defaults."],
    ];
    const effects = [
      "--compat",
      '{"maxTokensField":"max_completion_tokens"}',
      "--tool-search-off",
      "--reasoning",
    ];
    execFileSync(
      process.execPath,
      [CREATE_INTERVENTION, ...flags, "--model-ids", "zeta/zeta-9", ...effects],
      {
        cwd: root,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );

    const context = await buildContext(root);
    const interventions = await discoverInterventions(root);
    const manifests = interventions.map((found) => found.manifest);
    const cases = deriveCases(manifests[0] as (typeof manifests)[number], manifests);
    expect(cases.map((c) => c.name)).toEqual([`${ID}-derived-effects`, `${ID}-derived-unmatched-route`]);
    for (const c of cases) {
      const run = await executeCase(c, { label: c.name, contextDir: context });
      expect(runProblems(c, run), c.name).toEqual([]);
      await c.assert(run);
    }
  });
});
