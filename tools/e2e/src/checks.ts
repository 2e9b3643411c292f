/**
 * Checks every run must pass before its case assertions: OpenClaw completed the turn, the generated config is
 * valid, the plugins the case expects are exactly the ones configured and each one really loaded (no silent
 * skip: no configSchema complaint, no "Config warnings", `plugins inspect --runtime` says loaded), and the mock
 * script was consumed exactly.
 */
import { readFileSync } from "node:fs";
import type { E2ECase } from "./case.js";
import { explainFailure } from "./diagnosis.js";
import { EXHAUSTED_TEXT } from "./mock/server.js";
import { configuredPluginIds } from "./prepare-case.js";
import type { E2ERun } from "./run-result.js";
import type { ConfigProblem, ConfigVerdict } from "./spec.js";
import { isRecord } from "./trajectory.js";

export const FORBIDDEN_STDERR = [/plugin manifest requires configSchema/i, /Config warnings/i];

/** The status string `openclaw plugins inspect <id> --json` reports, wherever this version nests it. */
export function inspectedStatus(inspection: unknown): string | undefined {
  if (!isRecord(inspection)) return undefined;
  if (typeof inspection.status === "string") return inspection.status;
  for (const key of ["plugin", "record", "entry"]) {
    const nested = inspection[key];
    if (isRecord(nested) && typeof nested.status === "string") return nested.status;
  }
  return undefined;
}

/** OpenClaw must take the config (valid, and applied as written through a gateway) without a warning. */
function verdictProblems(verdict: ConfigVerdict, which: string): string[] {
  const problems: string[] = [];
  const said = (list: ConfigProblem[]) => list.map((p) => `${p.path}: ${p.message}`).join("; ");
  if (!verdict.valid)
    problems.push(`config validate${which}: invalid (${said(verdict.issues) || "no issue named"})`);
  if (verdict.warnings.length > 0)
    problems.push(`config validate${which}: warnings (${said(verdict.warnings)})`);
  if (verdict.failure) problems.push(`config validate${which}: ${verdict.failure}`);
  else if (verdict.valid && !verdict.taken)
    problems.push(`config validate${which}: OpenClaw did not take it`);
  return problems;
}

export function runProblems(c: E2ECase, run: E2ERun): string[] {
  const problems: string[] = [];
  const { result, turn } = run;
  const { exitCode, signal } = turn.outcome;
  if (!turn.ran) problems.push("no turn ran: OpenClaw did not take the case's config");
  else if (!turn.ok)
    problems.push(
      `the turn failed (exit ${exitCode}${signal ? `, ${signal}` : ""}): ${JSON.stringify(turn.answer).slice(0, 400)}`,
    );

  const earlier = result.earlierConfigs;
  const outputs = [turn.outcome, ...[result.config, ...earlier].map((v) => v.outcome)];
  for (const outcome of [...outputs, ...Object.values(result.inspect)]) {
    const stderr = readFileSync(outcome.stderrFile, "utf8");
    for (const pattern of FORBIDDEN_STDERR) {
      if (pattern.test(stderr))
        problems.push(`${outcome.args.slice(0, 2).join(" ")} stderr matches ${pattern}`);
    }
  }

  problems.push(...verdictProblems(result.config, ""));
  earlier.forEach((verdict, i) => {
    problems.push(...verdictProblems(verdict, ` (earlier config ${i + 1} of ${earlier.length})`));
  });

  const configured = configuredPluginIds(run.config);
  const expected = [...c.plugins].sort();
  if (JSON.stringify(configured) !== JSON.stringify(expected)) {
    problems.push(
      `generated config loads plugins [${configured.join(", ")}], case expects [${expected.join(", ")}]`,
    );
  }
  for (const id of expected) {
    const outcome = result.inspect[id];
    const status = inspectedStatus(run.pluginInspections[id]);
    if (outcome?.exitCode !== 0 || status !== "loaded") {
      problems.push(
        `plugin ${id}: plugins inspect --runtime exit ${outcome?.exitCode}, status ${status ?? "?"}`,
      );
    }
  }

  if (run.chatRequests.length !== c.mock.length) {
    problems.push(
      `mock answered ${run.chatRequests.length} chat requests, script has ${c.mock.length} replies`,
    );
  }
  if (JSON.stringify(turn.answer).includes(EXHAUSTED_TEXT)) problems.push("mock script was exhausted");
  return problems;
}

export function assertRunHealthy(c: E2ECase, run: E2ERun): void {
  const problems = runProblems(c, run);
  if (problems.length > 0) {
    const failure = new Error(
      `${c.name}: run checks failed (artefacts: ${run.artifactsDir})\n- ${problems.join("\n- ")}`,
    );
    throw explainFailure(failure, run.artifactsDir, c.name);
  }
}

/** Problems that mean the harness or the intervention's wiring is broken, whatever the case expects. */
function isWiringProblem(problem: string): boolean {
  return /^(config validate|no turn ran|generated config loads|plugin |\S+ \S+ stderr matches)/.test(problem);
}

/**
 * For a case with `knownIssue`: the run must fail with the documented symptom (in OpenClaw's stderr or in
 * the failure message), and only the documented way (config valid, plugins loaded). Passing means the issue is gone: that fails too, so the marker is removed.
 */
export async function assertKnownIssue(c: E2ECase, run: E2ERun): Promise<void> {
  const issue = c.knownIssue;
  if (!issue) throw new Error(`${c.name}: no knownIssue`);
  const problems = runProblems(c, run);
  const wiring = problems.filter(isWiringProblem);
  if (wiring.length > 0) {
    const failure = new Error(
      `${c.name}: run checks failed (artefacts: ${run.artifactsDir})\n- ${wiring.join("\n- ")}`,
    );
    throw explainFailure(failure, run.artifactsDir, c.name);
  }
  let assertionError: unknown;
  if (problems.length === 0) {
    try {
      await c.assert(run);
    } catch (error) {
      assertionError = error;
    }
    if (assertionError === undefined) {
      throw new Error(
        `${c.name}: passes now; the known issue "${issue.summary}" is fixed: remove knownIssue`,
      );
    }
  }
  const failure = [
    ...problems,
    assertionError instanceof Error ? assertionError.message : String(assertionError ?? ""),
  ];
  if (!run.turnLog.includes(issue.symptom) && !failure.some((text) => text.includes(issue.symptom))) {
    const unexpected = new Error(
      `${c.name}: fails, but not with the known symptom "${issue.symptom}" (artefacts: ${run.artifactsDir})\n- ${failure.join("\n- ")}`,
    );
    throw explainFailure(unexpected, run.artifactsDir, c.name);
  }
}
