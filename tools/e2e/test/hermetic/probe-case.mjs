/**
 * Runs one real case through the harness and prints what the hermeticity test asserts on, as JSON. Executed by
 * Node 24 inside hostile-host.sh, on the harness as built (dist/), so it needs neither vitest nor a writable
 * checkout: the run's scratch folder goes to TMPDIR, its artefacts to E2E_ARTIFACTS_DIR. The fixture context is
 * built before, by the test (argument 2): bundling a plugin as another user is not what this test is about.
 */
import { executeCase, FIXTURE_MODEL, FIXTURE_PLUGIN_ID, runProblems } from "../../dist/index.js";

/** @type {import("../../dist/index.js").E2ECase} The fixture intervention's route: its staged plugin must load. */
const probe = {
  name: "hermetic-probe",
  description: "one exec call on a plugin's route, on a machine whose /tmp and HOME hold hostile leftovers",
  route: { model: FIXTURE_MODEL },
  prompt: "Print a marker.",
  plugins: [FIXTURE_PLUGIN_ID],
  mock: [
    { toolCalls: [{ id: "call_probe_1", name: "exec", arguments: { command: "echo hermetic-probe" } }] },
    { content: "done" },
  ],
  assert() {},
};

const label = process.argv[2] ?? "hermetic-probe";
const contextDir = process.argv[3];
try {
  if (!contextDir) throw new Error("usage: probe-case.mjs <label> <context dir>");
  const run = await executeCase(probe, { label, contextDir });
  const executed = run.trajectory.executedToolCalls();
  process.stdout.write(
    `${JSON.stringify({
      problems: runProblems(probe, run),
      executed,
      output: executed[0] ? run.trajectory.toolResult(executed[0].toolCallId).text.trim() : null,
    })}\n`,
  );
} catch (error) {
  process.stdout.write(
    `${JSON.stringify({ error: error instanceof Error ? error.message : String(error) })}\n`,
  );
}
