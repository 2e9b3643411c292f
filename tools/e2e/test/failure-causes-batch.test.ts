/**
 * The failure-cause fixture cases (failure-cause-fixtures.ts) on the newest release as one batch through one
 * OpenClaw gateway, where the log OpenClaw writes is the gateway's: each message names its cause first, and the
 * turns OpenClaw only retries are aborted in the gateway (the blocked one within 15 s of its first model request).
 * Its own file so that it runs beside the cold suite (failure-causes-cold.test.ts) on another vitest worker.
 */
import { readFileSync, rmSync } from "node:fs";
import { NEWEST_OPENCLAW_RELEASE } from "@model-setup/manifest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireInputs } from "../src/paths.js";
import { executeRun } from "../src/run-case.js";
import type { E2ERun } from "../src/run-result.js";
import {
  expectNamed,
  failureOf,
  fixtureContext,
  fixtureWorkspace,
  scenarios,
  stoppedAfterRequestMs,
} from "./failure-cause-fixtures.js";

describe(`failure causes on OpenClaw ${NEWEST_OPENCLAW_RELEASE}, the cases as one batch through a gateway`, () => {
  requireInputs();
  let root: string;
  let runs: Map<string, E2ERun | Error>;
  beforeAll(async () => {
    root = fixtureWorkspace();
    const context = await fixtureContext(root);
    runs = (
      await executeRun(
        scenarios.map((s) => s.case),
        { contextDir: context, gateway: true },
      )
    ).runs;
  }, 600_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  for (const { case: c, expected } of scenarios) {
    it(`${c.name}: the message names the cause first`, async () => {
      const run = runs.get(c.name);
      if (!run) throw new Error(`${c.name} did not run`);
      expectNamed(await failureOf(c, run), expected);
    });
  }

  it("aborts the refused connection and the retried 4xx in the gateway too", () => {
    for (const [name, kind] of [
      ["fx-cause-refused-connection", "connection-refused"],
      ["fx-cause-rate-limited", "provider-error"],
    ] as const) {
      const run = runs.get(name);
      if (!run || run instanceof Error) throw run ?? new Error(`no run of ${name}`);
      expect(run.result.failFast, name).toMatchObject({ kind });
    }
  });

  it("aborts the blocked turn in the gateway within 15 s of its first model request", () => {
    const run = runs.get("fx-cause-blocked");
    if (!run || run instanceof Error) throw run ?? new Error("no run");
    expect(run.result.failFast).toMatchObject({ kind: "blocked-request" });
    expect(stoppedAfterRequestMs(run)).toBeLessThan(15_000);
    // The gateway ended the run as aborted, so its retries could not reach the next case's mock.
    expect(readFileSync(run.result.turn.outcome.stderrFile, "utf8")).toMatch(/agent run aborted/);
  });
});
