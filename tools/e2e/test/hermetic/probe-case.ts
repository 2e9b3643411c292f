/**
 * Runs one real case through the harness and prints what the hermeticity test asserts on, as JSON. Executed by
 * Node 24 (type stripping) inside hostile-host.sh, so it needs neither vitest nor a writable checkout: the run's
 * scratch folder goes to TMPDIR and its artefacts to E2E_ARTIFACTS_DIR.
 */

import type { E2ECase } from "../../src/case.ts";
import { runProblems } from "../../src/checks.ts";
import { executeCase } from "../../src/run-case.ts";

/** A Kimi route (so a staged plugin is mounted and must load) whose turn runs one harmless command. */
const probe: E2ECase = {
  name: "hermetic-probe",
  description: "one exec call on the Kimi route, on a machine whose /tmp and HOME hold hostile leftovers",
  route: { model: "moonshotai/kimi-k2.6" },
  prompt: "Print a marker.",
  plugins: ["kimi-inference-compat"],
  mock: [
    { toolCalls: [{ id: "call_probe_1", name: "exec", arguments: { command: "echo hermetic-probe" } }] },
    { content: "done" },
  ],
  assert() {},
};

const label = process.argv[2] ?? "hermetic-probe";
try {
  const run = await executeCase(probe, { label });
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
