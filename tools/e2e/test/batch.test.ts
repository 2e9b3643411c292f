/**
 * A batch must judge each case as a cold run of its own would. One batch on the real OpenClaw, with the harness's
 * fixture intervention carrying a plugin that marks every model request (fixtures/marker-plugin.mjs), runs four
 * cases in turn through one gateway: a config OpenClaw refuses, first (a failed validation and no turn for it, and
 * the batch goes on), the plugin's route, a route no intervention matches (the plugin must be gone), and the
 * plugin's route again (the plugin back). Each case's outcome must be its own config's, in its own session.
 */
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
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
import { executeRun, type RunOutcome } from "../src/run-case.js";
import type { E2ERun } from "../src/run-result.js";
import { ARTIFACT_FILES } from "../src/spec.js";

/** What fixtures/marker-plugin.mjs appends to the exec tool's description in every request while it is loaded. */
const MARKER = "SELF-TEST-PLUGIN-MARKER";

function execCase(name: string, model: string, plugins: string[]): E2ECase {
  return {
    name: `${FIXTURE_ID}-batch-${name}`,
    description: "one exec call, then a final answer",
    route: { model },
    prompt: "Print a marker.",
    plugins,
    mock: [
      { toolCalls: [{ id: `call_${name}`, name: "exec", arguments: { command: `echo ${name}` } }] },
      { content: `FINAL: ${name}.` },
    ],
    assert() {},
  };
}

// OpenClaw's schema wants a number here: the file is refused, and the gateway keeps the config it runs.
const refused: E2ECase = {
  ...execCase("refused", FIXTURE_MODEL, [FIXTURE_PLUGIN_ID]),
  baseConfig: { agents: { defaults: { maxConcurrent: "many" } } },
};
const first = execCase("plugin-first", FIXTURE_MODEL, [FIXTURE_PLUGIN_ID]);
const unmatched = execCase("unmatched", "vendor/no-intervention-model", []);
const again = execCase("plugin-again", FIXTURE_MODEL, [FIXTURE_PLUGIN_ID]);

/** The exec tool's description in every chat request the case's turn sent. */
function execDescriptions(run: E2ERun): string[] {
  return run.chatRequests.map((request) => String(request.tools().get("exec")?.description));
}

describe("a batch of cases through one gateway", () => {
  requireInputs();
  let fixture: { root: string; context: string };
  let batch: RunOutcome;
  const runOf = (c: E2ECase): E2ERun => {
    const run = batch.runs.get(c.name);
    if (!run || run instanceof Error) throw run ?? new Error(`no run of ${c.name}`);
    return run;
  };
  beforeAll(async () => {
    fixture = await buildFixtureContext(undefined, "marker-plugin");
    batch = await executeRun([refused, first, unmatched, again], {
      contextDir: fixture.context,
      gateway: true,
    });
  });
  afterAll(() => rmSync(fixture.root, { recursive: true, force: true }));

  it("runs the plugin's cases with the plugin: loaded, inspected, on the wire, each its own turn", () => {
    for (const c of [first, again]) {
      const run = runOf(c);
      expect(runProblems(c, run)).toEqual([]);
      expect(run.openclaw.driver).toBe("gateway");
      const name = c.name.replace(`${FIXTURE_ID}-batch-`, "");
      expect(run.turn).toMatchObject({ ran: true, ok: true, final: `FINAL: ${name}.` });
      expect(run.turn.toolSummary).toMatchObject({ calls: 1, failures: 0 });
      expect(run.trajectory.executedToolCalls().map((call) => call.args)).toEqual([
        { command: `echo ${name}` },
      ]);
      const descriptions = execDescriptions(run);
      expect(descriptions).toHaveLength(2);
      for (const description of descriptions) expect(description.endsWith(MARKER)).toBe(true);
    }
  });

  it("runs the next case on its own config: no plugin configured, none on the wire", () => {
    const run = runOf(unmatched);
    expect(runProblems(unmatched, run)).toEqual([]);
    expect(run.config.plugins).toBeUndefined();
    expect(run.result.inspect).toEqual({});
    const descriptions = execDescriptions(run);
    expect(descriptions).toHaveLength(2);
    for (const description of descriptions) expect(description).not.toContain(MARKER);
  });

  it("fails a case whose config OpenClaw refuses, runs no turn for it, and goes on", () => {
    const run = runOf(refused);
    const problems = runProblems(refused, run);
    expect(problems).toContain("no turn ran: OpenClaw did not take the case's config");
    expect(problems.join("\n")).toMatch(/^config validate: invalid \(agents\.defaults\.maxConcurrent: /m);
    expect(run.result.config).toMatchObject({ valid: false, taken: false });
    expect(run.turn.ran).toBe(false);
    expect(run.chatRequests).toEqual([]);
  });

  it("leaves every case its conversation page, the refused config's naming why", () => {
    const page = (c: E2ECase) =>
      readFileSync(join(runOf(c).artifactsDir, ARTIFACT_FILES.conversation), "utf8");
    for (const c of [first, unmatched, again]) {
      expect(page(c)).toContain(`<h1>${c.name}</h1>`);
      expect(page(c)).toContain("<h2>Tools OpenClaw ran</h2>");
    }
    expect(page(refused)).toContain("OpenClaw refused the config: agents.defaults.maxConcurrent");
  });

  it("keeps every case's transcript to a session of its own", () => {
    const sessions = [first, unmatched, again].map((c) => {
      const rows = runOf(c).trajectory.raw.transcript;
      expect(rows.length).toBeGreaterThan(0);
      return new Set(rows.map((row) => row.sessionId));
    });
    expect(sessions.map((ids) => ids.size)).toEqual([1, 1, 1]);
    expect(new Set(sessions.flatMap((ids) => [...ids])).size).toBe(3);
    expect(runOf(refused).trajectory.raw.transcript).toEqual([]);
  });
});
