/**
 * The shared shaping plugin, as staged in the image context, around OpenClaw's own chat-completions
 * transport (OpenClaw 2026.9.6's `@openclaw/ai`) under Node 24, with real streaming requests to the scripted mock.
 * OpenClaw's agent turns always carry a system message and tools, so the insertion is proven here, on the real
 * transport; the e2e cases prove the removal and the negatives through whole OpenClaw turns.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PLUGINS_DIR, SHAPING_PLUGIN_ID } from "@model-setup/manifest";
import { afterAll, describe, expect, it } from "vitest";
import type { ProbeInput, ProbeResult, ProbeScenario } from "../src/launcher/transport-probe.js";
import { E2E_ROOT, IMAGE_CONTEXT, NODE24 } from "../src/paths.js";

const MODEL = "vendor/shaped-model-1";
const NUDGE = "Write every step out.";
const scratch = mkdtempSync(join(tmpdir(), "e2e-transport-probe-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function probe(scenarios: ProbeScenario[]): Map<string, ProbeResult> {
  const input: ProbeInput = {
    openclawPackageJson: join(E2E_ROOT, "node_modules", "openclaw", "package.json"),
    pluginBundle: join(IMAGE_CONTEXT, PLUGINS_DIR, SHAPING_PLUGIN_ID, "index.js"),
    pluginRules: {
      remove: ["thinking"],
      insertSystemMessage: { content: NUDGE, unlessToolsOffered: ["exec"] },
    },
    scenarios,
  };
  const inputFile = join(scratch, "input.json");
  writeFileSync(inputFile, JSON.stringify(input));
  const run = spawnSync(NODE24, [join(E2E_ROOT, "dist", "launcher", "transport-probe.js"), inputFile], {
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", TMPDIR: scratch },
    timeout: 60_000,
  });
  expect(run.status, run.stderr).toBe(0);
  const results = JSON.parse(run.stdout) as ProbeResult[];
  return new Map(results.map((result) => [result.name, result]));
}

describe("request shaping on OpenClaw's own transport", () => {
  const results = probe([
    { name: "bare", configuredModel: MODEL, model: MODEL, earlierField: ["thinking", { type: "enabled" }] },
    { name: "caller-system", configuredModel: MODEL, model: MODEL, systemPrompt: "Caller's own." },
    { name: "exec-offered", configuredModel: MODEL, model: MODEL, tools: ["read", "EXEC"] },
    { name: "read-only-tools", configuredModel: MODEL, model: MODEL, tools: ["read"] },
    {
      name: "other-model",
      configuredModel: MODEL,
      model: "vendor/other-model-1",
      earlierField: ["thinking", true],
    },
  ]);
  const only = (name: string) => {
    const result = results.get(name);
    expect(result?.requests).toHaveLength(1);
    const [request] = result?.requests ?? [];
    return { result: result as ProbeResult, body: request?.body as Record<string, unknown>, request };
  };

  it("puts the system message first and removes the field in a streaming request that arrives whole", () => {
    const { result, body, request } = only("bare");
    expect(result.wrapped).toBe(true);
    expect(body.messages).toEqual([
      { role: "system", content: NUDGE },
      { role: "user", content: "How do I build it?" },
    ]);
    expect(body).not.toHaveProperty("thinking");
    expect(body.stream).toBe(true);
    expect(Number(request?.headers["content-length"])).toBe(request?.bodyBytes);
    expect(result.answer).toBe("step one, step two");
    expect(result.stopReason).toBe("stop");
  });

  it.each([
    ["caller-system", "system", "Caller's own."],
    ["exec-offered", "user", "How do I build it?"],
  ])("leaves the messages alone in %s", (name, role, content) => {
    const { body } = only(name);
    expect((body.messages as { role: string; content: unknown }[])[0]).toEqual({ role, content });
    expect(JSON.stringify(body.messages)).not.toContain(NUDGE);
  });

  it("inserts the message when only tools outside the list are offered", () => {
    const { body } = only("read-only-tools");
    expect((body.messages as unknown[])[0]).toEqual({ role: "system", content: NUDGE });
  });

  it("never touches another route's request", () => {
    const { result, body } = only("other-model");
    expect(result.wrapped).toBe(false);
    expect(body.thinking).toBe(true);
    expect(body.messages).toEqual([{ role: "user", content: "How do I build it?" }]);
  });
});
