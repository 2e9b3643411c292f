/**
 * `openclaw-config switch`: moving a config from one route to another takes out what the old route's setup
 * wrote (recorded in the provenance sidecar), applies the new route's and keeps every setting of the user's.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fixtureRecords, PACKAGE_ROOT, setupTempDir, tempDir, writeSetupDir } from "./helpers/setup-dir.js";

const CLI = join(PACKAGE_ROOT, "bin", "openclaw-config.js");
const setup = setupTempDir();
beforeAll(() => writeSetupDir(setup.path, fixtureRecords()));
afterAll(() => setup.remove());

const KIMI = "moonshotai/kimi-k2.6";
const NEMOTRON = "nvidia/nemotron-3-super-120b-a12b";
const GPT5 = "openai/gpt-5.1";

function run(args: string[], model: string, providerKey = "inference") {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    encoding: "utf8",
    env: {
      PATH: process.env.PATH ?? "",
      NEMOCLAW_MODEL: model,
      NEMOCLAW_INFERENCE_PROVIDER_ID: providerKey,
      NEMOCLAW_INFERENCE_API: "openai-completions",
      NEMOCLAW_INFERENCE_BASE_URL: "https://inference.local/v1",
      NEMOCLAW_MODEL_SPECIFIC_SETUP_DIR: setup.path,
    },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** What a user has before any model setup: settings of their own, a plugin, another model. */
const USER_SETTINGS = {
  gateway: { mode: "local", port: 18789 },
  plugins: { allow: ["nemoclaw"], entries: { nemoclaw: { enabled: true } } },
  models: {
    providers: {
      inference: {
        api: "openai-completions",
        baseUrl: "https://inference.local/v1",
        models: [{ id: "my/own-model", name: "mine", contextWindow: 8192 }],
      },
    },
  },
};

let dir: ReturnType<typeof tempDir>;
let config: string;
const sidecar = () => `${config}.model-setup.json`;
const read = (file: string) => readFileSync(file, "utf8");
const json = () => JSON.parse(read(config));

beforeEach(() => {
  dir = tempDir("openclaw-config-switch-");
  config = join(dir.path, "openclaw.json");
  const base = join(dir.path, "mine.json");
  writeFileSync(base, JSON.stringify(USER_SETTINGS));
  const generated = run(["generate", "--base", base, "--out", config], KIMI);
  expect(generated.code, generated.stderr).toBe(0);
  return () => dir.remove();
});

const switchTo = (model: string) => run(["switch", "--config", config], model);

function modelEntry(id: string) {
  return json().models.providers.inference.models.find((entry: { id: string }) => entry.id === id);
}

describe("generate --out", () => {
  it("never overwrites a file in the sidecar's place that is not a sidecar", () => {
    const out = join(dir.path, "other.json");
    writeFileSync(`${out}.model-setup.json`, "my notes");
    const result = run(["generate", "--out", out], KIMI);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${out}.model-setup.json is not valid JSON`);
    expect(read(`${out}.model-setup.json`)).toBe("my notes");
    expect(existsSync(out)).toBe(false);
  });

  it("writes the provenance sidecar beside the config, naming the route and its interventions", () => {
    const recorded = JSON.parse(read(sidecar()));
    expect(recorded).toMatchObject({
      schemaVersion: 2,
      configSha256: createHash("sha256").update(read(config)).digest("hex"),
      writtenBy: "@model-setup/openclaw-config",
      route: { modelId: KIMI, providerKey: "inference" },
      interventions: ["kimi-k2.6-managed-inference"],
    });
    expect(recorded.changes.length).toBeGreaterThan(0);
  });

  it("regenerating from its own output gives the same bytes (the old setup is taken out first)", () => {
    const before = [read(config), read(sidecar())];
    expect(run(["generate", "--base", config, "--out", config], KIMI).code).toBe(0);
    expect([read(config), read(sidecar())]).toEqual(before);
  });
});

describe("openclaw-config switch", () => {
  it("kimi -> nemotron -> gpt-5 -> kimi: each route's setup only, the user's settings kept, back to the same bytes", () => {
    const kimi = [read(config), read(sidecar())];
    expect(json().plugins.entries).toHaveProperty("nemoclaw-kimi-inference-compat");

    const toNemotron = switchTo(NEMOTRON);
    expect(toNemotron.code, toNemotron.stderr).toBe(0);
    expect(toNemotron.stderr).toContain(
      `switched ${config} from ${KIMI} (kimi-k2.6-managed-inference) to ${NEMOTRON} (nemotron-3-super-120b-managed-inference, nemotron-nonempty-content-managed-inference)`,
    );
    const nemotron = json();
    expect(modelEntry(KIMI)).toBeUndefined();
    expect(modelEntry(NEMOTRON)).toBeDefined();
    expect(nemotron.plugins.entries).toEqual({ nemoclaw: { enabled: true } });
    expect(nemotron.plugins.allow).toEqual(["nemoclaw"]);
    expect(nemotron.plugins).not.toHaveProperty("load");
    expect(nemotron.tools.toolSearch).toBe(false);
    expect(nemotron.agents.defaults.model.primary).toBe(`inference/${NEMOTRON}`);

    expect(switchTo(GPT5).code).toBe(0);
    const gpt5 = json();
    expect(modelEntry(NEMOTRON)).toBeUndefined();
    expect(modelEntry(GPT5).compat).toEqual({ maxTokensField: "max_completion_tokens" });
    expect(gpt5.tools.toolSearch).toEqual({ mode: "tools", searchDefaultLimit: 8, maxSearchLimit: 20 });

    for (const settings of [nemotron, gpt5]) {
      expect(settings.gateway).toEqual(USER_SETTINGS.gateway);
      expect(settings.models.providers.inference.models[0]).toEqual(
        USER_SETTINGS.models.providers.inference.models[0],
      );
    }

    expect(switchTo(KIMI).code).toBe(0);
    expect([read(config), read(sidecar())]).toEqual(kimi);
  });

  it("moves between provider keys: the old provider entry goes when nothing of the user's is left in it", () => {
    const fresh = join(dir.path, "fresh.json");
    expect(run(["generate", "--out", fresh], KIMI).code).toBe(0);
    const kimi = [read(fresh), read(`${fresh}.model-setup.json`)];
    expect(run(["switch", "--config", fresh], GPT5, "openai").code).toBe(0);
    const moved = JSON.parse(read(fresh));
    expect(Object.keys(moved.models.providers)).toEqual(["openai"]);
    expect(moved.agents.defaults.model.primary).toBe(`openai/${GPT5}`);
    expect(moved).not.toHaveProperty("plugins");
    expect(run(["switch", "--config", fresh], KIMI).code).toBe(0);
    expect([read(fresh), read(`${fresh}.model-setup.json`)]).toEqual(kimi);
  });

  it("is idempotent: switching to the route a config is already on changes nothing", () => {
    const before = [read(config), read(sidecar())];
    expect(switchTo(KIMI).code).toBe(0);
    expect([read(config), read(sidecar())]).toEqual(before);
  });

  it("keeps what the user set after generation, even inside what the generator created", () => {
    const edited = json();
    edited.session = { dmScope: "per-channel-peer" };
    edited.plugins.entries["my-plugin"] = { enabled: false };
    writeFileSync(config, JSON.stringify(edited));
    expect(switchTo(GPT5).code).toBe(0);
    expect(json().session).toEqual({ dmScope: "per-channel-peer" });
    expect(json().plugins.entries).toEqual({ nemoclaw: { enabled: true }, "my-plugin": { enabled: false } });
  });

  it("refuses a config edited where the generator wrote, naming the place, and writes nothing", () => {
    const edited = json();
    edited.agents.defaults.model.primary = "inference/my/own-model";
    edited.models.providers.inference.models.find(
      (entry: { id: string }) => entry.id === KIMI,
    ).compat.maxTokensField = "max_completion_tokens";
    writeFileSync(config, JSON.stringify(edited));
    const before = [read(config), read(sidecar())];
    const result = switchTo(GPT5);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${config} was edited where openclaw-config wrote it, so the old route's setup cannot be taken out without guessing; nothing was written`,
    );
    expect(result.stderr).toContain(
      `${config}#/agents/defaults/model/primary: openclaw-config (for ${KIMI}) wrote "inference/${KIMI}" here (where there was nothing) and it now holds "inference/my/own-model"`,
    );
    expect(result.stderr).toContain(
      `${config}#/models/providers/inference/models/[id="${KIMI}"]/compat/maxTokensField: openclaw-config (for ${KIMI}) wrote "max_tokens" here`,
    );
    expect([read(config), read(sidecar())]).toEqual(before);
  });

  it("refuses a config without a sidecar, since what to take out is unknown", () => {
    const other = join(dir.path, "hand-written.json");
    writeFileSync(other, JSON.stringify(USER_SETTINGS));
    const result = run(["switch", "--config", other], GPT5);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--config ${other} has no ${other}.model-setup.json`);
    expect(read(other)).toBe(JSON.stringify(USER_SETTINGS));
    expect(existsSync(`${other}.model-setup.json`)).toBe(false);
  });

  it("refuses a damaged sidecar, naming the file and the field", () => {
    const recorded = JSON.parse(read(sidecar()));
    recorded.changes[0].path = [];
    writeFileSync(sidecar(), JSON.stringify(recorded));
    const result = switchTo(GPT5);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${sidecar()}#/changes/0`);
    writeFileSync(sidecar(), "{");
    expect(switchTo(GPT5).stderr).toContain(`${sidecar()} is not valid JSON`);
  });

  it("needs --config, and takes no --out or --base", () => {
    expect(run(["switch"], GPT5)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("switch needs --config FILE"),
    });
    expect(run(["switch", "--config", config, "--out", config], GPT5).stderr).toContain(
      "--out belongs to generate, not switch",
    );
  });
});
