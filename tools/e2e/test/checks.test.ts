import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { E2ECase } from "../src/case.js";
import { assertKnownIssue, runProblems } from "../src/checks.js";
import { configuredPluginIds } from "../src/prepare-case.js";
import type { E2ERun } from "../src/run-result.js";
import type { CommandOutcome, ConfigProblem, ConfigVerdict } from "../src/spec.js";
import { Trajectory } from "../src/trajectory.js";
import { wireId } from "../src/wire.js";
import { postedChat } from "./requests.js";

const dir = mkdtempSync(join(tmpdir(), "e2e-checks-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function outcome(label: string, exitCode: number, stdout: string, stderr = ""): CommandOutcome {
  const stdoutFile = join(dir, `${label}.stdout`);
  const stderrFile = join(dir, `${label}.stderr`);
  writeFileSync(stdoutFile, stdout);
  writeFileSync(stderrFile, stderr);
  return { args: label.split("-"), exitCode, signal: null, durationMs: 1, stdoutFile, stderrFile };
}

/** OpenClaw's verdict on a config: valid, or invalid with `issues`. */
function verdict(label: string, issues: ConfigProblem[] = []): ConfigVerdict {
  const valid = issues.length === 0;
  const stdout = JSON.stringify({ valid, issues, warnings: [] });
  return { label, valid, issues, warnings: [], taken: valid, outcome: outcome(label, valid ? 0 : 1, stdout) };
}

function fakeRun(opts: {
  agentOk: boolean;
  agentStderr?: string;
  pluginStatus?: string;
  /** The issues OpenClaw named in each earlier config of a switching case. */
  earlier?: ConfigProblem[][];
}): E2ERun {
  const agent = outcome("agent-exec", opts.agentOk ? 0 : 1, "{}", opts.agentStderr ?? "");
  const request = postedChat({});
  const timings = { namespaceMs: 0, mockMs: 0, agentMs: 0, checksMs: 0, exportMs: 0, totalMs: 0 };
  const turn = { ran: true, ok: opts.agentOk, answer: { ok: opts.agentOk }, outcome: agent };
  return {
    caseName: "x-model-case",
    artifactsDir: dir,
    openclaw: { version: "2026.9.6", driver: "exec" },
    config: {
      plugins: {
        load: { paths: ["/usr/local/share/nemoclaw/openclaw-plugins/p"] },
        entries: { p: { enabled: true } },
      },
    },
    modelEntries: [],
    turn,
    turnLog: opts.agentStderr ?? "",
    result: {
      config: verdict("config-validate"),
      earlierConfigs: (opts.earlier ?? []).map((issues, i) =>
        verdict(`config-validate-earlier-${i}`, issues),
      ),
      turn,
      inspect: { p: outcome("plugins-inspect", 0, "{}") },
      trajectoryFile: null,
      requestsFile: "",
      timings,
    },
    requests: [request.record],
    chatRequests: opts.agentOk ? [request] : [],
    trajectory: new Trajectory({ database: "", transcript: [], runtime: [] }),
    pluginInspections: { p: { plugin: { status: opts.pluginStatus ?? "loaded" } } },
    wireId,
    timings: { ...timings, prepareMs: 0, launchMs: 0, loadMs: 0, caseMs: 0, overheadMs: 0 },
  };
}

function fakeCase(assert: E2ECase["assert"], knownIssue?: E2ECase["knownIssue"]): E2ECase {
  return {
    name: "x-model-case",
    description: "",
    route: { model: "m" },
    prompt: "",
    plugins: ["p"],
    mock: [{ content: "a" }],
    assert,
    ...(knownIssue ? { knownIssue } : {}),
  };
}

describe("run checks", () => {
  it("accept a healthy run and report a plugin that did not load", () => {
    expect(
      runProblems(
        fakeCase(() => {}),
        fakeRun({ agentOk: true }),
      ),
    ).toEqual([]);
    expect(
      runProblems(
        fakeCase(() => {}),
        fakeRun({ agentOk: true, pluginStatus: "error" }),
      ),
    ).toEqual(["plugin p: plugins inspect --runtime exit 0, status error"]);
  });

  it("hold every earlier config of a switching case to the same validation", () => {
    expect(
      runProblems(
        fakeCase(() => {}),
        fakeRun({ agentOk: true, earlier: [[], []] }),
      ),
    ).toEqual([]);
    const issue = { path: "models", message: "Invalid input" };
    expect(
      runProblems(
        fakeCase(() => {}),
        fakeRun({ agentOk: true, earlier: [[], [issue]] }),
      ),
    ).toEqual(["config validate (earlier config 2 of 2): invalid (models: Invalid input)"]);
  });

  it("flag a silent plugin skip on stderr", () => {
    const run = fakeRun({
      agentOk: true,
      agentStderr: "Config warnings:\n- plugin manifest requires configSchema",
    });
    expect(
      runProblems(
        fakeCase(() => {}),
        run,
      ).join("\n"),
    ).toMatch(/configSchema/);
  });
});

describe("known issues are never skips", () => {
  const issue = { summary: "broken", symptom: "BLOCKED" };

  it("pass only when the run fails with the documented symptom", async () => {
    await expect(
      assertKnownIssue(
        fakeCase(() => {}, issue),
        fakeRun({ agentOk: false, agentStderr: "x BLOCKED y" }),
      ),
    ).resolves.toBeUndefined();
    const failing = fakeCase(() => {
      throw new Error("expected [ 'BLOCKED' ] to deeply equal []");
    }, issue);
    await expect(assertKnownIssue(failing, fakeRun({ agentOk: true }))).resolves.toBeUndefined();
  });

  it("fail when the issue is gone, when the failure is another one, or when wiring is broken", async () => {
    await expect(
      assertKnownIssue(
        fakeCase(() => {}, issue),
        fakeRun({ agentOk: true }),
      ),
    ).rejects.toThrow(/is fixed/);
    await expect(
      assertKnownIssue(
        fakeCase(() => {}, issue),
        fakeRun({ agentOk: false, agentStderr: "other" }),
      ),
    ).rejects.toThrow(/not with the known symptom/);
    await expect(
      assertKnownIssue(
        fakeCase(() => {}, issue),
        fakeRun({ agentOk: false, agentStderr: "BLOCKED", pluginStatus: "error" }),
      ),
    ).rejects.toThrow(/plugin p/);
  });
});

describe("configuredPluginIds", () => {
  it("names the plugin entries the config loads, by id, whatever folder they are staged in", () => {
    const root = "/usr/local/share/nemoclaw/openclaw-plugins";
    const config = {
      plugins: {
        load: { paths: [`${root}/acme-compat`, `${root}/other-compat`] },
        entries: { "nemoclaw-acme-compat": { enabled: true }, "other-compat": {}, "not-loaded": {} },
      },
    };
    expect(configuredPluginIds(config)).toEqual(["nemoclaw-acme-compat", "other-compat"]);
  });
});
