/**
 * The harness must be able to fail. The self-test brings its own intervention (a fixture workspace built into a
 * context of its own, so it depends on no carried intervention): its plugin is a deliberately naive exec split
 * (fixtures/naive-split-plugin.mjs) that splits only the final message. The fixture case asserts what OpenClaw
 * executed; against the naive plugin the plugin must load (so the failure is about behaviour) and the case's
 * assertions must fail, because OpenClaw executes the first split call with the original combined command.
 */
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { E2ECase } from "../src/case.js";
import { runProblems } from "../src/checks.js";
import {
  buildFixtureContext,
  FIXTURE_ID,
  FIXTURE_MODEL,
  FIXTURE_PLUGIN_ID,
} from "../src/fixture-intervention.js";
import { requireInputs } from "../src/paths.js";
import { executeCase } from "../src/run-case.js";

const COMMANDS = ["hostname", "date", "uptime"] as const;

const splitCase: E2ECase = {
  name: `${FIXTURE_ID}-exec-split`,
  description: "one combined diagnostic exec call runs as three calls, each with its own command",
  route: { model: FIXTURE_MODEL },
  prompt: "Report this machine's hostname, date and uptime.",
  plugins: [FIXTURE_PLUGIN_ID],
  mock: [
    { toolCalls: [{ id: "call_self_1", name: "exec", arguments: '{"command":"hostname; date; uptime"}' }] },
    { content: "FINAL: diagnostics reported." },
  ],
  assert(run) {
    const executed = run.trajectory.executedToolCalls();
    expect(executed.map((call) => call.args)).toEqual(COMMANDS.map((command) => ({ command })));
  },
};

describe("harness self-test", () => {
  requireInputs();
  let fixture: { root: string; context: string };
  beforeAll(async () => {
    fixture = await buildFixtureContext();
  });
  afterAll(() => rmSync(fixture.root, { recursive: true, force: true }));

  it("fails an exec-split case when the plugin splits only the final message", async () => {
    const run = await executeCase(splitCase, { label: "self-test-naive-split", contextDir: fixture.context });
    // The broken variant really loaded and the run itself completed: only the behaviour is wrong.
    expect(runProblems(splitCase, run)).toEqual([]);
    expect((run.pluginInspections[FIXTURE_PLUGIN_ID] as { plugin?: { name?: string } }).plugin?.name).toMatch(
      /naive fixture/,
    );

    await expect(Promise.resolve().then(() => splitCase.assert(run))).rejects.toThrow();
    // And for the documented reason: the first split id ran the combined command.
    const first = run.trajectory.executedToolCalls()[0];
    expect(first?.toolCallId).toBe("call_self_1_split_1_hostname");
    expect(first?.args).toEqual({ command: "hostname; date; uptime" });
  });
});
