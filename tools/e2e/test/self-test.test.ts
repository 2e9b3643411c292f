/**
 * The harness must be able to fail. A deliberately naive variant of the Kimi plugin (splits only the final
 * message, see fixtures/naive-split-plugin.mjs) is assembled here from the staged plugin's manifest files plus
 * the fixture entry, bound over the production plugin path for this run only, and the real exec-split case
 * runs against it: the variant must load (so the failure is about behaviour) and the case's assertions must
 * fail, because OpenClaw executes the first split call with the original combined command.
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import execSplit from "../../../interventions/kimi-k2.6-managed-inference/e2e/exec-split.case.ts";
import { runProblems } from "../src/checks.ts";
import { requireInputs, STAGED_PLUGINS_DIR } from "../src/paths.ts";
import { executeCase } from "../src/run-case.ts";

const PLUGIN_ID = "kimi-inference-compat";
const fixture = fileURLToPath(new URL("./fixtures/naive-split-plugin.mjs", import.meta.url));

function assembleNaivePlugin(): string {
  const dir = mkdtempSync(join(tmpdir(), "model-setup-e2e-naive-plugin-"));
  for (const file of ["openclaw.plugin.json", "package.json"]) {
    copyFileSync(join(STAGED_PLUGINS_DIR, PLUGIN_ID, file), join(dir, file));
  }
  copyFileSync(fixture, join(dir, "index.js"));
  return dir;
}

describe("harness self-test", () => {
  requireInputs();
  const pluginDir = assembleNaivePlugin();
  afterAll(() => rmSync(pluginDir, { recursive: true, force: true }));

  it("fails the kimi exec-split case when the plugin splits only the final message", async () => {
    const run = await executeCase(execSplit, {
      label: "self-test-naive-split",
      pluginOverrides: { [PLUGIN_ID]: pluginDir },
    });
    // The broken variant really loaded and the run itself completed: only the behaviour is wrong.
    expect(runProblems(execSplit, run)).toEqual([]);
    expect((run.pluginInspections[PLUGIN_ID] as { plugin?: { name?: string } }).plugin?.name).toMatch(
      /naive fixture/,
    );

    await expect(Promise.resolve().then(() => execSplit.assert(run))).rejects.toThrow();
    // And for the documented reason: the first split id ran the combined command.
    const first = run.trajectory.executedToolCalls()[0];
    expect(first?.toolCallId).toBe("call_mock_exec_1_split_1_hostname");
    expect(first?.args).toEqual({ command: "hostname; date; uptime" });
  });
});
