/**
 * Fault injection for `switch` and `generate --out`: a config and its sidecar change together or not at all. The
 * file operations go through runCli's WriteOps seam: one is made to fail, or never to return, which is what a
 * process dying at that step leaves on disk (nothing after it runs). The next run must then stop and say how to
 * finish or undo the change, and following that must give a pair that belongs together.
 */
import {
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type CliIo, NODE_WRITE_OPS, runCli, type WriteOps } from "../src/index.js";
import { fixtureRecords, setupTempDir, tempDir, writeSetupDir } from "./helpers/setup-dir.js";

const KIMI = "moonshotai/kimi-k2.6";
const GPT5 = "openai/gpt-5.1";
const setup = setupTempDir();
beforeAll(() => writeSetupDir(setup.path, fixtureRecords()));
afterAll(() => setup.remove());

const env = (model: string) => ({
  NEMOCLAW_MODEL: model,
  NEMOCLAW_INFERENCE_PROVIDER_ID: "inference",
  NEMOCLAW_INFERENCE_API: "openai-completions",
  NEMOCLAW_INFERENCE_BASE_URL: "https://inference.local/v1",
  NEMOCLAW_MODEL_SPECIFIC_SETUP_DIR: setup.path,
});

async function cli(args: string[], model: string, ops: WriteOps = NODE_WRITE_OPS) {
  const err: string[] = [];
  const io: CliIo = { stdout: () => undefined, stderr: (text) => err.push(text) };
  const code = await runCli(args, env(model), io, [], ops);
  return { code, stderr: err.join("") };
}

const failure = (code: string) => Object.assign(new Error(`injected ${code}`), { code });

/** Real operations, except that call number `at` of `op` fails, or never returns (`"die"`). */
function faulty(op: keyof WriteOps, at: number, outcome: "fail" | "die") {
  let calls = 0;
  let reached: () => void = () => undefined;
  const died = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const step =
    <A extends unknown[]>(name: keyof WriteOps, real: (...args: A) => Promise<void>) =>
    (...args: A): Promise<void> => {
      if (name !== op || ++calls !== at) return real(...args);
      if (outcome === "fail") return Promise.reject(failure("EACCES"));
      reached();
      return new Promise<void>(() => undefined);
    };
  const ops: WriteOps = {
    writeNew: step("writeNew", NODE_WRITE_OPS.writeNew),
    rename: step("rename", NODE_WRITE_OPS.rename),
  };
  return { ops, died };
}

let dir: ReturnType<typeof tempDir>;
let config: string;
const sidecar = () => `${config}.model-setup.json`;
const marker = () => `${config}.model-setup.pending`;
const read = (file: string) => readFileSync(file, "utf8");
const pair = () => [read(config), read(sidecar())];

beforeEach(async () => {
  dir = tempDir("openclaw-config-pair-");
  config = join(dir.path, "openclaw.json");
  const base = join(dir.path, "mine.json");
  writeFileSync(base, JSON.stringify({ gateway: { mode: "local" }, plugins: { allow: ["nemoclaw"] } }));
  const generated = await cli(["generate", "--base", base, "--out", config], KIMI);
  expect(generated.code, generated.stderr).toBe(0);
  return () => dir.remove();
});

const files = () => readdirSync(dir.path).sort();
const CLEAN = ["mine.json", "openclaw.json", "openclaw.json.model-setup.json"];

describe("a failure while writing the pair leaves both files as they were", () => {
  it.each([
    ["the sidecar's temporary file cannot be written", "writeNew", 2, "openclaw.json.model-setup.json"],
    ["the config cannot be renamed into place", "rename", 1, "openclaw.json"],
    [
      "the sidecar cannot be renamed into place (the config is put back)",
      "rename",
      2,
      "openclaw.json.model-setup.json",
    ],
  ] as const)("switch: %s", async (_, op, at, named) => {
    const before = pair();
    const result = await cli(["switch", "--config", config], GPT5, faulty(op, at, "fail").ops);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${join(dir.path, named)} cannot be written (EACCES)`);
    expect(result.stderr).toContain("nothing was changed");
    expect(pair()).toEqual(before);
    expect(files()).toEqual(CLEAN);
    // And nothing is left that would stop the next run.
    expect((await cli(["switch", "--config", config], GPT5)).code).toBe(0);
  });

  it("a sidecar that cannot be placed (a link into a missing folder) stops the write before the config changes", async () => {
    const out = join(dir.path, "linked.json");
    symlinkSync(join(dir.path, "missing-folder", "record.json"), `${out}.model-setup.json`);
    const result = await cli(["generate", "--out", out], GPT5);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${out}.model-setup.json is a link to a missing file`);
    expect(existsSync(out)).toBe(false);
  });

  it("generate --out to a new file: the config written first is taken away again", async () => {
    const out = join(dir.path, "new.json");
    const result = await cli(["generate", "--out", out], GPT5, faulty("rename", 2, "fail").ops);
    expect(result.code).toBe(2);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.model-setup.json`)).toBe(false);
    expect(files()).toEqual(CLEAN);
  });
});

describe("a process that dies between the two renames", () => {
  async function dieBetweenRenames(): Promise<{ old: string[] }> {
    const old = pair();
    const { ops, died } = faulty("rename", 2, "die");
    void cli(["switch", "--config", config], GPT5, ops);
    await died;
    // What the dead process left: the new config in place, the old sidecar, and the marker.
    expect(JSON.parse(read(config)).agents.defaults.model.primary).toBe(`inference/${GPT5}`);
    expect(read(sidecar())).toBe(old[1]);
    expect(existsSync(marker())).toBe(true);
    return { old };
  }

  const recorded = () =>
    JSON.parse(read(marker())) as {
      config: { path: string; backup: string };
      sidecar: { path: string; temp: string };
    };

  it("is detected by the next run of every command on that file, which writes nothing and says how to recover", async () => {
    await dieBetweenRenames();
    const left = pair();
    const { config: c, sidecar: s } = recorded();
    for (const args of [
      ["switch", "--config", config],
      ["generate", "--out", config],
      ["generate", "--base", config, "--out", config],
      ["generate", "--base", config],
    ]) {
      const result = await cli(args, KIMI);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr).toContain(
        `an openclaw-config run has not finished replacing it and its sidecar (${marker()} is there); it was interrupted: ${config} holds the new config but ${sidecar()} still records the previous one, so they do not belong together`,
      );
      expect(result.stderr).toContain(
        `finish the change with mv '${s.temp}' '${s.path}' && rm -f '${c.backup}' '${marker()}', or undo it with mv '${c.backup}' '${c.path}' && rm -f '${s.temp}' '${marker()}'`,
      );
      expect(result.stderr).not.toMatch(/was edited where openclaw-config wrote it/);
      expect(pair()).toEqual(left);
    }
  });

  it("finishing it as told gives the pair the interrupted switch meant to write", async () => {
    await dieBetweenRenames();
    const { config: c, sidecar: s } = recorded();
    renameSync(s.temp, s.path);
    rmSync(c.backup);
    rmSync(marker());
    const finished = pair();
    expect(files()).toEqual(CLEAN);
    // The same switch done again changes nothing: config and sidecar belong together.
    expect((await cli(["switch", "--config", config], GPT5)).code).toBe(0);
    expect(pair()).toEqual(finished);
  });

  it("undoing it as told gives back the pair from before", async () => {
    const { old } = await dieBetweenRenames();
    const { config: c, sidecar: s } = recorded();
    renameSync(c.backup, c.path);
    rmSync(s.temp);
    rmSync(marker());
    expect(pair()).toEqual(old);
    expect(files()).toEqual(CLEAN);
    expect((await cli(["switch", "--config", config], GPT5)).code).toBe(0);
  });

  it("before the first rename: the next run says nothing was changed", async () => {
    const old = pair();
    const { ops, died } = faulty("rename", 1, "die");
    void cli(["switch", "--config", config], GPT5, ops);
    await died;
    expect(pair()).toEqual(old);
    const result = await cli(["switch", "--config", config], GPT5);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /it was interrupted: nothing was changed: remove what it left with rm -f '/,
    );
  });
});
