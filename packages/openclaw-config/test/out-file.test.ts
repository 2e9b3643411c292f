/**
 * What `generate --out FILE` does with a FILE that exists (docs/config-generator.md): it replaces it only when that
 * loses nothing (missing, empty, or exactly what openclaw-config last wrote there); anything else is refused,
 * naming --base and switch, unless --force. Merging into it (--base FILE --out FILE) is always allowed.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fixtureRecords, setupTempDir, tempDir, writeSetupDir } from "./helpers/setup-dir.js";
import { routeEnv, runCliProcess } from "./helpers/spawn-cli.js";

const KIMI = "moonshotai/kimi-k2.6";
const GPT5 = "openai/gpt-5.1";
const setup = setupTempDir();
beforeAll(() => writeSetupDir(setup.path, fixtureRecords()));
afterAll(() => setup.remove());

const run = (args: string[], model = GPT5) => runCliProcess(args, routeEnv(model, setup.path));
const read = (file: string) => readFileSync(file, "utf8");

let dir: ReturnType<typeof tempDir>;
let out: string;
const sidecar = () => `${out}.model-setup.json`;
beforeEach(() => {
  dir = tempDir("openclaw-config-out-");
  out = join(dir.path, "openclaw.json");
  return () => dir.remove();
});

const USER_CONFIG = JSON.stringify({ gateway: { mode: "local", port: 18789 }, session: { dmScope: "main" } });

function expectRefused(result: ReturnType<typeof run>, why: string) {
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(`--out ${out} ${why}`);
  expect(result.stderr).toContain(`generate --base ${out} --out ${out}`);
  expect(result.stderr).toContain(`switch --config ${out}`);
  expect(result.stderr).toContain("--force");
}

describe("generate --out over an existing file", () => {
  it("refuses a config openclaw-config never wrote (no sidecar), and changes nothing", () => {
    writeFileSync(out, USER_CONFIG);
    expectRefused(run(["generate", "--out", out]), "exists and openclaw-config did not write it");
    expect(read(out)).toBe(USER_CONFIG);
    expect(existsSync(sidecar())).toBe(false);
  });

  it("refuses a generated config the user edited since, and changes nothing", () => {
    expect(run(["generate", "--out", out], KIMI).code).toBe(0);
    const edited = JSON.parse(read(out));
    edited.session = { dmScope: "per-channel-peer" };
    writeFileSync(out, JSON.stringify(edited));
    const before = [read(out), read(sidecar())];
    expectRefused(run(["generate", "--out", out]), "was changed since openclaw-config wrote it");
    expect([read(out), read(sidecar())]).toEqual(before);
  });

  it("refuses a config whose sidecar an older openclaw-config wrote (it records no hash)", () => {
    expect(run(["generate", "--out", out], KIMI).code).toBe(0);
    const { configSha256: _, ...rest } = JSON.parse(read(sidecar()));
    writeFileSync(sidecar(), JSON.stringify({ ...rest, schemaVersion: 1 }));
    expectRefused(run(["generate", "--out", out]), "was written by an older openclaw-config");
  });

  it("replaces a config exactly as openclaw-config last wrote it", () => {
    expect(run(["generate", "--out", out], KIMI).code).toBe(0);
    expect(run(["generate", "--out", out]).code).toBe(0);
    expect(JSON.parse(read(out)).agents.defaults.model.primary).toBe(`inference/${GPT5}`);
  });

  it.each(["", "\n", "{}\n"])("replaces a file holding nothing (%j)", (content) => {
    writeFileSync(out, content);
    expect(run(["generate", "--out", out]).code).toBe(0);
    expect(existsSync(sidecar())).toBe(true);
  });

  it("replaces anything with --force", () => {
    writeFileSync(out, USER_CONFIG);
    expect(run(["generate", "--out", out, "--force"]).code).toBe(0);
    expect(JSON.parse(read(out))).not.toHaveProperty("session");
    expect(existsSync(sidecar())).toBe(true);
  });

  it("merges into it with --base FILE --out FILE, keeping its settings, also when named two ways", () => {
    writeFileSync(out, USER_CONFIG);
    const result = runCliProcess(["generate", "--base", relative(process.cwd(), out), "--out", out], {
      ...routeEnv(GPT5, setup.path),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(read(out)).session).toEqual({ dmScope: "main" });
  });

  it("--force belongs to generate", () => {
    expect(run(["switch", "--config", out, "--force"]).stderr).toContain(
      "--force belongs to generate, not switch",
    );
  });
});
