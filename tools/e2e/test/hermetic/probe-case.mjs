/**
 * Runs one real case through the harness and prints what the hermeticity test asserts on, as JSON. Executed by
 * Node 24 inside hostile-host.sh, on the harness as built (dist/), so it needs neither vitest nor a writable
 * checkout: the fixture context and the run's scratch folder go to TMPDIR, its artefacts to E2E_ARTIFACTS_DIR.
 */
import { rmSync } from "node:fs";
import {
  buildFixtureContext,
  executeCase,
  FIXTURE_MODEL,
  FIXTURE_PLUGIN_ID,
  runProblems,
} from "../../dist/index.js";

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
// Built here, inside the hostile namespace: its temp folder is the run's own /tmp.
const fixture = await buildFixtureContext();
try {
  const run = await executeCase(probe, { label, contextDir: fixture.context });
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
} finally {
  rmSync(fixture.root, { recursive: true, force: true });
}
