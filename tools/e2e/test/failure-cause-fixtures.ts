/**
 * The failure-cause fixtures both failure-cause suites run (failure-causes-cold.test.ts, failure-causes-batch.test.ts):
 * a fixture workspace of its own (no carried intervention), the scenarios, each failing for its own reason, with
 * what its message must name, and how a message is judged.
 */
import { chmodSync } from "node:fs";
import { join } from "node:path";
import { makeWorkspace, PLUGIN_MANIFEST } from "@model-setup/discovery/testing";
import { MANAGED_ROUTE } from "@model-setup/manifest";
import { expect } from "vitest";
import { buildContext } from "../src/build-context.js";
import type { E2ECase } from "../src/case.js";
import { assertRunHealthy } from "../src/checks.js";
import { explainFailure } from "../src/diagnosis.js";
import type { E2ERun } from "../src/run-result.js";

const plugin = (id: string, register = "") =>
  `export default { id: ${JSON.stringify(id)}, name: "fixture", description: "fixture", register() {${register}} };\n`;
const manifest = (id: string, pluginId: string, model: string) => ({
  id,
  agent: "openclaw",
  description: "failure-cause fixture",
  evidence: ["#35"],
  removeWhen: "never: a test fixture",
  match: { modelIds: [model], ...MANAGED_ROUTE },
  effects: { openclawPlugins: [{ id: pluginId, path: "plugin" }] },
});
const GEMINI_MODEL = "google/gemini-3-fixture";
const THROWS_MODEL = "vendor/throwing-plugin";
const OPEN_MODEL = "vendor/open-plugin";

/** Three fixture interventions: a Gemini-like metadata plugin, a plugin that throws, a plugin OpenClaw must refuse. */
export function fixtureWorkspace(): string {
  const pluginJson = (id: string, extra: Record<string, unknown>) =>
    JSON.stringify({ ...(JSON.parse(PLUGIN_MANIFEST(id)) as Record<string, unknown>), ...extra });
  return makeWorkspace({
    "interventions/fx-gemini": {
      manifest: manifest("fx-gemini", "fx-gemini-endpoint", GEMINI_MODEL),
      files: {
        // What our Gemini intervention's plugin declares, without the private-network request setting it carries.
        "plugin/openclaw.plugin.json": pluginJson("fx-gemini-endpoint", {
          providerEndpoints: [{ endpointClass: "google-generative-ai", baseUrls: [MANAGED_ROUTE.baseUrl] }],
        }),
        "plugin/src/index.ts": plugin("fx-gemini-endpoint"),
      },
    },
    "interventions/fx-throws": {
      manifest: manifest("fx-throws", "fx-throws-plugin", THROWS_MODEL),
      files: {
        "plugin/openclaw.plugin.json": pluginJson("fx-throws-plugin", { providers: ["inference"] }),
        "plugin/src/index.ts": plugin(
          "fx-throws-plugin",
          "throw new Error('fixture plugin refuses to register');",
        ),
      },
    },
    "interventions/fx-open": {
      manifest: manifest("fx-open", "fx-open-plugin", OPEN_MODEL),
      files: {
        "plugin/openclaw.plugin.json": pluginJson("fx-open-plugin", { providers: ["inference"] }),
        "plugin/src/index.ts": plugin("fx-open-plugin"),
      },
    },
  });
}

const exec = [
  { toolCalls: [{ id: "call_fx_1", name: "exec", arguments: { command: "echo hi" } }] },
  { content: "FINAL: done." },
];
const base = { description: "failure-cause fixture", prompt: "Print a marker.", mock: exec, assert() {} };

/** The scenarios, each failing for its own reasons; `expected` is what its message must name, in that order. */
export const scenarios: { case: E2ECase; expected: RegExp[] }[] = [
  {
    case: {
      ...base,
      name: "fx-cause-blocked",
      route: { model: GEMINI_MODEL },
      plugins: ["fx-gemini-endpoint"],
    },
    expected: [
      /^fx-cause-blocked: cause: OpenClaw blocked its requests to https:\/\/inference\.local as a private address \(inference\.local is 10\.200\.0\.1/,
      /openclawProviderRequest: \{allowPrivateNetwork: true\}/,
    ],
  },
  {
    case: {
      ...base,
      name: "fx-cause-refused-connection",
      route: { model: "vendor/nothing-listens", baseUrl: "https://inference.local:8443/v1" },
      plugins: [],
    },
    expected: [
      /^fx-cause-refused-connection: cause: nothing accepted OpenClaw's connection to https:\/\/inference\.local:8443\/v1 \(ECONNREFUSED\)/,
    ],
  },
  {
    case: {
      ...base,
      name: "fx-cause-plugin-throws",
      route: { model: THROWS_MODEL },
      plugins: ["fx-throws-plugin"],
    },
    expected: [
      /^fx-cause-plugin-throws: cause: plugin fx-throws-plugin failed to load: Error: fixture plugin refuses to register$/m,
    ],
  },
  {
    case: {
      ...base,
      name: "fx-cause-plugin-refused",
      route: { model: OPEN_MODEL },
      plugins: ["fx-open-plugin"],
    },
    expected: [
      /^fx-cause-plugin-refused: cause: OpenClaw did not allow plugin fx-open-plugin: world-writable path \(\/usr\/local\/share\/nemoclaw\/openclaw-plugins\/fx-open-plugin\/index\.js, mode=666\)$/m,
    ],
  },
  {
    case: {
      ...base,
      name: "fx-cause-provider-error",
      route: { model: "vendor/refusing-endpoint" },
      plugins: [],
      // Every request is refused, as an endpoint refuses a field it does not take.
      endpoint: [
        {
          when: { field: "messages", present: true },
          answer: {
            status: 400,
            body: { error: { message: "fixture: request refused", code: "fx_refused" } },
          },
        },
      ],
    },
    expected: [
      /^fx-cause-provider-error: cause: the mock answered request \d+ with HTTP 400 \(an endpoint rule of the case\)$/m,
      /^ {2}body: \{"error":\{"message":"fixture: request refused","code":"fx_refused"\}\}$/m,
      /^ {2}OpenClaw read it as: 400 fixture: request refused$/m,
    ],
  },
  {
    case: {
      ...base,
      name: "fx-cause-rate-limited",
      route: { model: "vendor/rate-limited" },
      plugins: [],
      // A 4xx that OpenClaw retries (2026.9 backs off up to nine times): the harness stops the turn instead.
      endpoint: [
        {
          when: { field: "messages", present: true },
          answer: {
            status: 429,
            body: { error: { message: "fixture: rate limited", type: "rate_limit_error" } },
          },
        },
      ],
    },
    expected: [
      /^fx-cause-rate-limited: cause: the mock answered request 1 with HTTP 429 \(an endpoint rule of the case\)/m,
      /^ {2}body: \{"error":\{"message":"fixture: rate limited","type":"rate_limit_error"\}\}$/m,
    ],
  },
  {
    case: {
      ...base,
      name: "fx-cause-tool",
      route: { model: "vendor/mistyped-tool" },
      plugins: [],
      mock: [
        { toolCalls: [{ id: "call_fx_typo", name: "exec_typo", arguments: { command: "echo hi" } }] },
        { content: "FINAL: done." },
      ],
      // The turn completes; the case's own assertion fails, and its message names why.
      assert(run) {
        expect(run.trajectory.executedToolCalls().map((call) => call.name)).toEqual(["exec"]);
      },
    },
    expected: [
      /^fx-cause-tool: cause: the model called tool exec_typo, which OpenClaw does not offer on this route: the call did not run$/m,
      /^ {2}OpenClaw's tool result: Tool exec_typo not found$/m,
    ],
  },
  {
    case: {
      ...base,
      name: "fx-cause-hang",
      route: { model: "vendor/silent-endpoint" },
      plugins: [],
      timeoutSeconds: 10,
      // An endpoint that never answers: OpenClaw reports nothing it retries, so the turn runs to its own timeout.
      endpoint: [{ when: { field: "messages", present: true }, answer: "hang" }],
    },
    expected: [
      /^fx-cause-hang: cause: the mock never answered request \d+ \(an endpoint rule of the case: hang\), so OpenClaw waited until its own timeout$/m,
    ],
  },
  {
    case: {
      ...base,
      name: "fx-cause-config",
      route: { model: "vendor/refused-config" },
      plugins: [],
      baseConfig: { agents: { defaults: { maxConcurrent: "many" } } },
    },
    expected: [
      /^fx-cause-config: cause: OpenClaw refused the config: agents\.defaults\.maxConcurrent: Invalid input/,
    ],
  },
];

/**
 * The failure message a run of `c` gives, as `pnpm e2e` judges it (test/cases.e2e.ts): the harness's error when no
 * run could be loaded, the run checks', or the case's own assertion's.
 */
export async function failureOf(c: E2ECase, run: E2ERun | Error): Promise<string> {
  if (run instanceof Error) return run.message;
  try {
    assertRunHealthy(c, run);
    await c.assert(run);
  } catch (error) {
    return explainFailure(error, run.artifactsDir, c.name).message;
  }
  throw new Error(`${c.name}: passed; the fixture no longer fails`);
}

/** From OpenClaw's first model request (its own trajectory) to the harness's stop. */
export function stoppedAfterRequestMs(run: E2ERun): number {
  const [submitted] = run.trajectory.runtimeEvents("prompt.submitted");
  const stop = run.result.failFast;
  if (!submitted || !stop) throw new Error(`${run.caseName}: no first request or no stop recorded`);
  return Date.parse(stop.at) - Date.parse(String(submitted.ts));
}

export function expectNamed(message: string, expected: RegExp[]): void {
  for (const pattern of expected) expect(message, message).toMatch(pattern);
  expect(message).toMatch(/^conversation: \S+\/conversation\.html$/m);
}

/** The fixture workspace's image context for `release` (default: the newest), in `root`. */
export async function fixtureContext(root: string, release?: string): Promise<string> {
  const context = await buildContext(root, join(root, "out"), release ? { openclaw: release } : undefined);
  // OpenClaw refuses a plugin whose entry others may write; each run keeps the staged entry's mode.
  chmodSync(join(context, "openclaw-plugins", "fx-open-plugin", "index.js"), 0o666);
  return context;
}
