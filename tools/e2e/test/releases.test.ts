/** The per-release pieces of the harness that need no OpenClaw run: driver choice, JSON-lines export, fallbacks. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { exportJsonlTrajectory } from "../src/launcher/jsonl-export.js";
import { ARTIFACTS_ROOT } from "../src/paths.js";
import { prepareRun, turnDriver } from "../src/prepare-run.js";
import { Trajectory } from "../src/trajectory.js";

describe("OpenClaw releases in the harness", () => {
  it("runs a turn with agent --local on 2026.7 and with agent exec from 2026.8 on", () => {
    expect(turnDriver("2026.7.1")).toBe("local");
    expect(turnDriver("2026.7.35")).toBe("local");
    expect(turnDriver("2026.8.2")).toBe("exec");
    expect(turnDriver("2026.9.6")).toBe("exec");
    expect(turnDriver("2027.1.0")).toBe("exec");
  });

  it("refuses an unsupported release before creating anything", () => {
    const label = `refused-release-${process.pid}`;
    const before = readdirSync(tmpdir()).filter((name) => name.includes(label));
    const c = {
      name: "x-y",
      description: "",
      route: { model: "a/b" },
      prompt: "",
      plugins: [],
      mock: [{}],
      assert() {},
    };
    expect(() => prepareRun([c], { label, openclaw: "2025.1.1" })).toThrow(
      "OpenClaw 2025.1.1 is not a supported release",
    );
    expect(readdirSync(tmpdir()).filter((name) => name.includes(label))).toEqual(before);
    expect(existsSync(join(ARTIFACTS_ROOT, label))).toBe(false);
  });

  it("exports 2026.7's JSON-lines transcript and trajectory in the SQLite export's shape", () => {
    const state = mkdtempSync(join(tmpdir(), "e2e-jsonl-"));
    onTestFinished(() => rmSync(state, { recursive: true, force: true }));
    const sessions = join(state, "agents", "main", "sessions");
    mkdirSync(sessions, { recursive: true });
    const call = { type: "toolCall", id: "c1", name: "exec", arguments: { command: "date" } };
    const lines = (...events: unknown[]) => `${events.map((e) => JSON.stringify(e)).join("\n")}\n`;
    writeFileSync(
      join(sessions, "s1.jsonl"),
      lines(
        { type: "session", id: "s1" },
        { type: "message", message: { role: "assistant", content: [call] } },
        {
          type: "message",
          message: { role: "toolResult", toolCallId: "c1", toolName: "exec", content: "x" },
        },
      ),
    );
    writeFileSync(
      join(sessions, "s1.trajectory.jsonl"),
      lines({ type: "session.started", seq: 1, runId: "r1" }),
    );
    const exported = exportJsonlTrajectory(state);
    expect(exported?.transcript.map((row) => [row.sessionId, row.seq])).toEqual([
      ["s1", 0],
      ["s1", 1],
      ["s1", 2],
    ]);
    expect(exported?.runtime).toEqual([
      { sessionId: "s1", seq: 1, runId: "r1", event: { type: "session.started", seq: 1, runId: "r1" } },
    ]);
    // No runtime tool events on 2026.7: the persisted calls that got a result stand in for what ran.
    const trajectory = new Trajectory(exported ?? { database: "", transcript: [], runtime: [] });
    expect(trajectory.executedToolCalls()).toEqual([
      { toolCallId: "c1", name: "exec", args: { command: "date" } },
    ]);
    const empty = mkdtempSync(join(tmpdir(), "e2e-empty-"));
    onTestFinished(() => rmSync(empty, { recursive: true, force: true }));
    expect(exportJsonlTrajectory(empty)).toBeNull();
  });

  it("prefers the runtime's own tool events where the release records them", () => {
    const trajectory = new Trajectory({
      database: "",
      transcript: [
        { sessionId: "s", seq: 0, event: { type: "message", message: { role: "assistant", content: [] } } },
      ],
      runtime: [
        {
          sessionId: "s",
          seq: 1,
          runId: null,
          event: { type: "tool.call", data: { toolCallId: "c9", name: "exec", args: { command: "uptime" } } },
        },
      ],
    });
    expect(trajectory.executedToolCalls()).toEqual([
      { toolCallId: "c9", name: "exec", args: { command: "uptime" } },
    ]);
  });
});
