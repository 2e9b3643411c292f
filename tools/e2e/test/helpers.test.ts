import { rmSync } from "node:fs";
import { join } from "node:path";
import { makeWorkspace } from "@model-setup/discovery/testing";
import { describe, expect, it } from "vitest";
import { discoverCaseFiles, matchesFilter } from "../src/discover.js";
import { caseMode, validateCase } from "../src/load-cases.js";
import { REPO_ROOT } from "../src/paths.js";
import { modelEntriesOf } from "../src/run-case.js";
import { Trajectory } from "../src/trajectory.js";
import { wireId } from "../src/wire.js";
import { postedChat } from "./requests.js";

describe("case discovery", () => {
  it("finds the cases through workspace metadata, owned by their intervention", async () => {
    const root = makeWorkspace(
      {
        "interventions/a-fix": { files: { "e2e/applies.case.ts": "", "e2e/notes.md": "" } },
        "interventions/b-fix": {},
        "extras/c-fix": { files: { "e2e/applies.case.ts": "" } },
      },
      ["interventions/*"],
    );
    try {
      expect(await discoverCaseFiles(root)).toEqual([
        {
          interventionId: "a-fix",
          packageDir: join(root, "interventions/a-fix"),
          file: join(root, "interventions/a-fix/e2e/applies.case.ts"),
        },
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("finds a case file for every intervention of this repository that has an e2e folder", async () => {
    const found = await discoverCaseFiles(REPO_ROOT);
    for (const f of found) expect(f.file).toContain(`/interventions/${f.interventionId}/e2e/`);
  });

  it("filters by intervention id or exact case name", () => {
    expect(matchesFilter(undefined, "a", "a-x")).toBe(true);
    expect(matchesFilter("a", "a", "a-x")).toBe(true);
    expect(matchesFilter("b,a-x", "a", "a-x")).toBe(true);
    expect(matchesFilter("b", "a", "a-x")).toBe(false);
  });
});

describe("trajectory and wire helpers", () => {
  const trajectory = new Trajectory({
    database: "x",
    transcript: [
      {
        sessionId: "s",
        seq: 1,
        event: {
          type: "message",
          message: {
            role: "assistant",
            content: [
              { type: "thinking", thinking: "t" },
              { type: "toolCall", id: "c_1", name: "exec", arguments: { command: "date" } },
            ],
          },
        },
      },
      {
        sessionId: "s",
        seq: 2,
        event: {
          type: "message",
          message: {
            role: "toolResult",
            toolCallId: "c_1",
            toolName: "exec",
            content: [{ type: "text", text: "now" }],
            details: { exitCode: 0 },
            isError: false,
          },
        },
      },
    ],
    runtime: [
      {
        sessionId: "s",
        seq: 1,
        runId: "r",
        event: { type: "tool.call", data: { toolCallId: "c_1", name: "exec", args: { command: "date" } } },
      },
    ],
  });

  it("reads calls, results and persisted reasoning", () => {
    expect(trajectory.executedToolCalls()).toEqual([
      { toolCallId: "c_1", name: "exec", args: { command: "date" } },
    ]);
    expect(trajectory.transcriptToolCalls()).toEqual(trajectory.executedToolCalls());
    expect(trajectory.toolResult("c_1")).toEqual({
      toolCallId: "c_1",
      toolName: "exec",
      text: "now",
      isError: false,
      exitCode: 0,
    });
    expect(() => trajectory.toolResult("nope")).toThrow(/exactly one tool result/);
    expect(trajectory.persistedReasoning()).toHaveLength(1);
  });

  it("reads wire tool calls, tool messages and tools; sanitises ids like OpenClaw", () => {
    const request = postedChat({
      messages: [
        {
          role: "assistant",
          tool_calls: [{ id: "c1", function: { name: "exec", arguments: '{"command":"date"}' } }],
        },
        { role: "tool", tool_call_id: "c1", content: "now" },
      ],
      tools: [{ type: "function", function: { name: "exec", parameters: {} } }],
    });
    expect(request.assistantToolCalls().map((c) => [c.id, c.name, c.args])).toEqual([
      ["c1", "exec", { command: "date" }],
    ]);
    expect(request.toolMessages()).toHaveLength(1);
    expect(request.toolNames()).toEqual(["exec"]);
    expect(wireId("call_mock_exec_1_split_1_hostname")).toBe("callmockexec1split1hostname");
  });
});

describe("case validation", () => {
  const found = { interventionId: "x-model", packageDir: "/p", file: "/p/e2e/split.case.ts" };
  const valid = { name: "x-model-split", mock: [{ content: "a" }], assert: () => {} };

  it("requires the <intervention-id>-<behaviour> name matching the file", () => {
    expect(validateCase(found, valid).name).toBe("x-model-split");
    expect(() => validateCase(found, { ...valid, name: "x-model-other" })).toThrow(/must be "x-model-split"/);
    expect(() => validateCase(found, { ...valid, mock: [] })).toThrow(/empty mock script/);
    expect(() => validateCase(found, {})).toThrow(/not an E2ECase/);
  });

  it("reports a todo case as todo (never run), even next to a known issue", () => {
    const todo = validateCase(found, { ...valid, todo: "write it" });
    expect(caseMode(todo)).toBe("todo");
    expect(caseMode({ ...todo, knownIssue: { summary: "s", symptom: "x" } })).toBe("todo");
    expect(caseMode(validateCase(found, valid))).toBe("run");
    expect(caseMode({ ...validateCase(found, valid), knownIssue: { summary: "s", symptom: "x" } })).toBe(
      "known-issue",
    );
    const onOld = {
      ...validateCase(found, valid),
      knownIssue: { summary: "s", symptom: "x", openclaw: ["2026.7.1"] },
    };
    expect(caseMode(onOld, "2026.7.1")).toBe("known-issue");
    expect(caseMode(onOld, "2026.9.6")).toBe("run");
  });

  it("reports a case whose range excludes the release as not applicable there, and runs it elsewhere", () => {
    const ranged = { ...validateCase(found, valid), openclaw: ">=2026.8.0" };
    expect(caseMode(ranged, "2026.7.1")).toBe("not-applicable");
    expect(caseMode(ranged, "2026.8.2")).toBe("run");
    expect(caseMode({ ...ranged, todo: "later" }, "2026.7.1")).toBe("todo");
  });
});

describe("generated config helpers", () => {
  it("lists the model entries of every provider, and nothing for a config without models", () => {
    const config = {
      models: { providers: { inference: { models: [{ id: "a", compat: { x: 1 } }, "junk"] }, other: {} } },
    };
    expect(modelEntriesOf(config)).toEqual([{ id: "a", compat: { x: 1 } }]);
    expect(modelEntriesOf({})).toEqual([]);
  });
});
