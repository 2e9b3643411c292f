/**
 * Necessity, measured: `pnpm e2e --necessity` runs every positive case of an intervention (a case on a route its
 * manifest matches) twice on a release, as usual and with the intervention left out of the image context (same
 * mock script), and appends one JSON line per run to the run's necessity file. The lines become a lifecycle table per
 * intervention × release: is the intervention still needed there, or can it be retired?
 */

import { compareCodePoints } from "@model-setup/manifest";

export interface NecessityRecord {
  release: string;
  intervention: string;
  case: string;
  /** `with`: the case as it always runs; `without`: the intervention left out of config and staging. */
  run: "with" | "without";
  passed: boolean;
  /** The first line of why it failed (a known issue that reproduced counts as failed). */
  detail?: string;
  /** A `with` run that failed exactly as its case's `knownIssue` documents. */
  knownIssue?: true;
}

/**
 * - `needed`: every positive case passes with it, and one fails without it.
 * - `not needed`: every positive case passes with it and without it: a retirement candidate on that release.
 * - `broken`: a positive case fails with it, other than as its documented known issue.
 * A known issue that reproduced neither breaks nor judges the intervention: the cell names it beside the verdict.
 * - `unjudged`: no positive case can tell (its effects have no wire form the cases check).
 */
export type Verdict = "needed" | "not needed" | "broken" | "unjudged";

export interface CaseEvidence {
  case: string;
  with?: { passed: boolean; detail?: string; knownIssue?: true };
  without?: { passed: boolean; detail?: string };
}

export interface LifecycleCell {
  verdict: Verdict;
  cases: CaseEvidence[];
}

export interface Lifecycle {
  releases: string[];
  /** intervention id → release → cell; a release the intervention has no positive case on is absent. */
  interventions: Record<string, Record<string, LifecycleCell>>;
}

/**
 * Why a case failed, in one line short enough for a table that is committed: without the case's own name and the
 * machine's artefacts path, and with the first problem a check listed under its heading.
 */
export function failureDetail(error: unknown, caseName?: string): string {
  const text = error instanceof Error ? error.message : String(error);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: vitest colours its assertion messages
  const plain = text.replace(/\u001b\[[0-9;]*m/g, "");
  const lines = plain
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
  let line = (lines[0] ?? "").replace(/ \(artefacts: [^)]*\)/g, "");
  if (caseName !== undefined && line.startsWith(`${caseName}: `)) line = line.slice(caseName.length + 2);
  const firstProblem = lines[1]?.startsWith("- ") ? lines[1].slice(2) : undefined;
  if (firstProblem !== undefined) line = `${line}: ${firstProblem}`;
  return line.slice(0, 200);
}

export function verdictOf(cases: readonly CaseEvidence[]): Verdict {
  if (cases.some((c) => c.with && !c.with.passed && !c.with.knownIssue)) return "broken";
  const judged = cases.filter((c) => c.without);
  if (judged.length === 0) return "unjudged";
  return judged.some((c) => !c.without?.passed) ? "needed" : "not needed";
}

/** The file `pnpm e2e --necessity` leaves in the artefacts folder: every run's record, one JSON line each. */
export const NECESSITY_RUNS_FILE = "necessity-runs.jsonl";

/**
 * The records of several jobs (the nightly matrix's shards and releases) as one list, for {@link lifecycleOf}.
 * A run two jobs both recorded (same release, intervention, case and side) means the jobs overlapped: refused,
 * naming both sources, since the table would otherwise depend on which job was read last.
 */
export function mergeNecessityRuns(
  parts: readonly { source: string; records: readonly NecessityRecord[] }[],
): NecessityRecord[] {
  const seen = new Map<string, string>();
  const merged: NecessityRecord[] = [];
  for (const { source, records } of parts) {
    for (const record of records) {
      const key = JSON.stringify([record.release, record.intervention, record.case, record.run]);
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        throw new Error(
          `${source}: the ${record.run} run of case ${record.case} (${record.intervention}) on OpenClaw ${record.release} is also in ${earlier}; merge the runs of jobs that did not overlap (each shard of each release once)`,
        );
      }
      seen.set(key, source);
      merged.push(record);
    }
  }
  return merged;
}

/** Folds the records of one or more releases into the lifecycle table (sorted: same records, same bytes). */
export function lifecycleOf(records: readonly NecessityRecord[], releases: readonly string[]): Lifecycle {
  const cells = new Map<string, Map<string, Map<string, CaseEvidence>>>();
  for (const record of records) {
    const byRelease = cells.get(record.intervention) ?? new Map<string, Map<string, CaseEvidence>>();
    cells.set(record.intervention, byRelease);
    const byCase = byRelease.get(record.release) ?? new Map<string, CaseEvidence>();
    byRelease.set(record.release, byCase);
    const evidence = byCase.get(record.case) ?? { case: record.case };
    evidence[record.run] = {
      passed: record.passed,
      ...(record.detail === undefined ? {} : { detail: record.detail }),
      ...(record.knownIssue && record.run === "with" ? { knownIssue: true as const } : {}),
    };
    byCase.set(record.case, evidence);
  }
  const interventions: Lifecycle["interventions"] = {};
  for (const id of [...cells.keys()].sort(compareCodePoints)) {
    const byRelease = cells.get(id) ?? new Map();
    interventions[id] = {};
    for (const release of releases) {
      const byCase = byRelease.get(release);
      if (!byCase) continue;
      const cases = [...byCase.values()].sort((a, b) => compareCodePoints(a.case, b.case));
      (interventions[id] as Record<string, LifecycleCell>)[release] = { verdict: verdictOf(cases), cases };
    }
  }
  return { releases: [...releases], interventions };
}

/** The table as Markdown: one row per intervention, one column per release, then why each verdict was reached. */
export function lifecycleMarkdown(lifecycle: Lifecycle): string {
  const { releases } = lifecycle;
  const lines = [
    `| intervention | ${releases.map((r) => `OpenClaw ${r}`).join(" | ")} |`,
    `| --- | ${releases.map(() => ":---:").join(" | ")} |`,
  ];
  const cellText = (cell: LifecycleCell | undefined) => {
    if (!cell) return "—";
    const known = cell.cases.filter((c) => c.with?.knownIssue).length;
    return known === 0 ? cell.verdict : `${cell.verdict} (${known} known issue${known === 1 ? "" : "s"})`;
  };
  const rows = Object.values(lifecycle.interventions);
  for (const [id, byRelease] of Object.entries(lifecycle.interventions)) {
    lines.push(`| \`${id}\` | ${releases.map((r) => cellText(byRelease[r])).join(" | ")} |`);
  }
  if (rows.some((byRelease) => releases.some((r) => !byRelease[r]))) {
    lines.push(
      "",
      "— : no positive case ran there (the release is outside the intervention's `openclaw` range).",
    );
  }
  lines.push(
    "",
    "Evidence (positive cases; *without* = the intervention left out of config and staging):",
    "",
  );
  for (const [id, byRelease] of Object.entries(lifecycle.interventions)) {
    for (const release of releases) {
      const cell = byRelease[release];
      if (!cell) continue;
      const parts = cell.cases.map((c) => `\`${c.case}\` ${outcomeText(c)}`);
      lines.push(`- \`${id}\` on ${release}: **${cell.verdict}**; ${parts.join("; ")}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

function outcomeText(evidence: CaseEvidence): string {
  const side = (name: string, outcome?: { passed: boolean; detail?: string }) =>
    outcome === undefined
      ? `${name}: not judged`
      : `${name}: ${outcome.passed ? "passes" : `fails${outcome.detail ? ` (${escapeCell(outcome.detail)})` : ""}`}`;
  return `${side("with", evidence.with)}, ${side("without", evidence.without)}`;
}

function escapeCell(text: string): string {
  return text.replace(/[|`]/g, "'").slice(0, 160);
}
