/**
 * `pnpm --filter @model-setup/e2e plan`: writes every intervention's e2e plan (src/plan.ts) for the release `pnpm e2e
 * --plan` hands it (`--openclaw`, else `E2E_OPENCLAW`, else the newest), from the image context built for that release. turbo runs it, never cached,
 * before the interventions' `e2e` tasks (turbo.json `//#e2e-plan`): their cache keys are computed from what it writes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  NEWEST_OPENCLAW_RELEASE,
  REGISTRY_FILE,
  registrySchema,
  SETUP_INDEX_DIR,
} from "@model-setup/manifest";
import { expect, it } from "vitest";
import { buildContext } from "../src/build-context.js";
import { runnerOptionsFrom } from "../src/cli-options.js";
import { loadCases } from "../src/load-cases.js";
import { IMAGE_CONTEXT, REPO_ROOT, requireInputs } from "../src/paths.js";
import { PLAN_FILE, planCases } from "../src/plan.js";

it("writes every intervention's e2e plan", async () => {
  requireInputs();
  const { release } = runnerOptionsFrom(process.env, NEWEST_OPENCLAW_RELEASE);
  const scratch = mkdtempSync(join(tmpdir(), "model-setup-e2e-plan-"));
  try {
    const context =
      release === NEWEST_OPENCLAW_RELEASE
        ? IMAGE_CONTEXT
        : await buildContext(REPO_ROOT, join(scratch, "out"), { openclaw: release });
    const registry = registrySchema.parse(
      JSON.parse(readFileSync(join(context, SETUP_INDEX_DIR, REGISTRY_FILE), "utf8")),
    );
    const plans = planCases(await loadCases(REPO_ROOT, undefined, release), registry, release);
    expect(plans.size).toBeGreaterThan(0);
    for (const [packageDir, plan] of plans) writeFileSync(join(packageDir, PLAN_FILE), plan);
    console.log(`e2e plans for OpenClaw ${release}: ${plans.size} intervention(s)`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
