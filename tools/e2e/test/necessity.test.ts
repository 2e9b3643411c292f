import { describe, expect, it } from "vitest";
import {
  failureDetail,
  lifecycleMarkdown,
  lifecycleOf,
  mergeNecessityRuns,
  type NecessityRecord,
  verdictOf,
} from "../src/necessity.js";

const run = (
  release: string,
  intervention: string,
  name: string,
  side: "with" | "without",
  passed: boolean,
  detail?: string,
): NecessityRecord => ({
  release,
  intervention,
  case: name,
  run: side,
  passed,
  ...(detail ? { detail } : {}),
});

describe("necessity verdicts", () => {
  it("needed: passes with it, a positive case fails without it", () => {
    expect(
      verdictOf([
        { case: "a", with: { passed: true }, without: { passed: true } },
        { case: "b", with: { passed: true }, without: { passed: false } },
      ]),
    ).toBe("needed");
  });

  it("not needed: every positive case passes with and without it", () => {
    expect(verdictOf([{ case: "a", with: { passed: true }, without: { passed: true } }])).toBe("not needed");
  });

  it("broken: a positive case fails with it, whatever happens without", () => {
    expect(
      verdictOf([
        { case: "a", with: { passed: false }, without: { passed: false } },
        { case: "b", with: { passed: true } },
      ]),
    ).toBe("broken");
  });

  it("a known issue that reproduced neither breaks nor judges it", () => {
    const known = { case: "k", with: { passed: false, knownIssue: true as const } };
    expect(verdictOf([known, { case: "b", with: { passed: true }, without: { passed: false } }])).toBe(
      "needed",
    );
    expect(verdictOf([known])).toBe("unjudged");
    expect(verdictOf([known, { case: "c", with: { passed: false } }])).toBe("broken");
  });

  it("unjudged: no positive case ran without it", () => {
    expect(verdictOf([{ case: "a", with: { passed: true } }])).toBe("unjudged");
    expect(verdictOf([])).toBe("unjudged");
  });
});

describe("the lifecycle table", () => {
  const records: NecessityRecord[] = [
    run("2026.9.6", "kimi", "kimi-split", "without", false, "expected 3 calls, got 1"),
    run("2026.9.6", "kimi", "kimi-split", "with", true),
    run("2026.7.1", "kimi", "kimi-split", "with", true),
    run("2026.7.1", "kimi", "kimi-split", "without", true),
    run("2026.7.1", "gemini", "gemini-sig", "with", false, "expected a header"),
    {
      ...run("2026.9.6", "kimi", "kimi-unclosed", "with", false, "known issue: adapter strips it"),
      knownIssue: true,
    },
  ];

  it("folds runs per intervention and release, in a fixed order", () => {
    const lifecycle = lifecycleOf(records, ["2026.7.1", "2026.9.6"]);
    expect(lifecycle).toEqual({
      releases: ["2026.7.1", "2026.9.6"],
      interventions: {
        gemini: {
          "2026.7.1": {
            verdict: "broken",
            cases: [{ case: "gemini-sig", with: { passed: false, detail: "expected a header" } }],
          },
        },
        kimi: {
          "2026.7.1": {
            verdict: "not needed",
            cases: [{ case: "kimi-split", with: { passed: true }, without: { passed: true } }],
          },
          "2026.9.6": {
            verdict: "needed",
            cases: [
              {
                case: "kimi-split",
                with: { passed: true },
                without: { passed: false, detail: "expected 3 calls, got 1" },
              },
              {
                case: "kimi-unclosed",
                with: { passed: false, detail: "known issue: adapter strips it", knownIssue: true },
              },
            ],
          },
        },
      },
    });
    expect(lifecycleOf([...records].reverse(), ["2026.7.1", "2026.9.6"])).toEqual(lifecycle);
  });

  it("renders a row per intervention, a column per release, and the evidence", () => {
    const markdown = lifecycleMarkdown(lifecycleOf(records, ["2026.7.1", "2026.9.6"]));
    expect(markdown).toContain("| intervention | OpenClaw 2026.7.1 | OpenClaw 2026.9.6 |");
    expect(markdown).toContain("| `gemini` | broken | — |");
    expect(markdown).toContain("— : no positive case ran there");
    const complete = lifecycleMarkdown(lifecycleOf(records, ["2026.7.1"]));
    expect(complete).not.toContain("—");
    expect(markdown).toContain("| `kimi` | not needed | needed (1 known issue) |");
    expect(markdown).toContain(
      "- `kimi` on 2026.9.6: **needed**; `kimi-split` with: passes, without: fails (expected 3 calls, got 1)",
    );
    expect(markdown).toContain(
      "`kimi-unclosed` with: fails (known issue: adapter strips it), without: not judged",
    );
    expect(markdown).toContain("`gemini-sig` with: fails (expected a header), without: not judged");
  });

  it("keeps the first line of a failure, without terminal colours", () => {
    expect(failureDetail(new Error("\u001b[31mexpected 1\u001b[39m to be 3\n  at x"))).toBe(
      "expected 1 to be 3",
    );
    expect(failureDetail("plain")).toBe("plain");
  });

  it("leaves out the case's name and the machine's artefacts path, and keeps the first listed problem", () => {
    const error = new Error(
      "glm-5-tool: run checks failed (artefacts: /work/x/.e2e-artifacts/glm-5-tool)\n- exec ran 0 times\n- no reply",
    );
    expect(failureDetail(error, "glm-5-tool")).toBe("run checks failed: exec ran 0 times");
    expect(failureDetail(new Error("glm-5-tool: cause: the mock never answered"), "glm-5-tool")).toBe(
      "cause: the mock never answered",
    );
  });
});

describe("merging the runs of several jobs", () => {
  const shard1 = [
    run("2026.9.6", "kimi", "kimi-split", "with", true),
    run("2026.9.6", "kimi", "kimi-split", "without", false, "expected 3 calls, got 1"),
  ];
  const shard2 = [run("2026.9.6", "gemini", "gemini-sig", "with", true)];
  const otherRelease = [run("2026.7.1", "kimi", "kimi-split", "with", true)];

  it("gives the table one job running everything would give", () => {
    const merged = mergeNecessityRuns([
      { source: "a", records: shard1 },
      { source: "b", records: shard2 },
      { source: "c", records: otherRelease },
    ]);
    const releases = ["2026.7.1", "2026.9.6"];
    expect(lifecycleOf(merged, releases)).toEqual(
      lifecycleOf([...otherRelease, ...shard2, ...shard1], releases),
    );
  });

  it("refuses a run two jobs both recorded, naming both", () => {
    expect(() =>
      mergeNecessityRuns([
        { source: "shard-1/necessity-runs.jsonl", records: shard1 },
        { source: "shard-2/necessity-runs.jsonl", records: [shard1[1] as NecessityRecord] },
      ]),
    ).toThrow(
      "shard-2/necessity-runs.jsonl: the without run of case kimi-split (kimi) on OpenClaw 2026.9.6 is also in shard-1/necessity-runs.jsonl",
    );
  });
});
