/**
 * Files and values a hostile or unlucky user can hand the CLI. Every path it reads (the config `switch` rewrites,
 * its sidecar, `--base`, an existing `--out`, a pending marker, every file of the setup directory) is refused at
 * once when it is a FIFO, folder or device, naming the file and the fix; bad JSON never becomes a stack trace;
 * long values are cut in messages; bytes that are not UTF-8 are refused with their offset.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { indexRecordPath, modelIdShardPath, REGISTRY_FILE, recordPath } from "@model-setup/manifest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureRecords, setupTempDir, tempDir, writeSetupDir } from "./helpers/setup-dir.js";
import { mkfifo, routeEnv, runCliProcess } from "./helpers/spawn-cli.js";

const KIMI = "moonshotai/kimi-k2.6";
const KIMI_ID = "kimi-k2.6-managed-inference";
const setup = setupTempDir();
const work = tempDir("openclaw-config-hostile-");
beforeAll(() => writeSetupDir(setup.path, fixtureRecords()));
afterAll(() => {
  setup.remove();
  work.remove();
});

const env = () => routeEnv(KIMI, setup.path);
const run = (args: string[], extra: Record<string, string> = {}) =>
  runCliProcess(args, { ...env(), ...extra });
const NO_STACK = /\n\s+at /;

/** A folder of its own holding a generated config and its sidecar. */
function generated(name: string): string {
  const dir = join(work.path, name);
  mkdirSync(dir);
  const config = join(dir, "openclaw.json");
  expect(run(["generate", "--out", config]).code).toBe(0);
  return config;
}

function replaceWithFifo(file: string): void {
  rmSync(file, { force: true });
  mkfifo(file);
}

describe("a FIFO anywhere the CLI reads is refused at once, naming it", { timeout: 60_000 }, () => {
  it.each([
    [
      "--base",
      () => {
        const base = join(work.path, "base-fifo.json");
        mkfifo(base);
        return { args: ["--base", base], file: base };
      },
    ],
    [
      "the sidecar of --base",
      () => {
        const config = generated("base-sidecar");
        replaceWithFifo(`${config}.model-setup.json`);
        return { args: ["--base", config], file: `${config}.model-setup.json` };
      },
    ],
    [
      "the config switch rewrites",
      () => {
        const config = generated("switch-config");
        replaceWithFifo(config);
        return { args: ["switch", "--config", config], file: config };
      },
    ],
    [
      "the sidecar of the config switch rewrites",
      () => {
        const config = generated("switch-sidecar");
        replaceWithFifo(`${config}.model-setup.json`);
        return { args: ["switch", "--config", config], file: `${config}.model-setup.json` };
      },
    ],
    [
      "an existing --out",
      () => {
        const out = join(work.path, "out-fifo.json");
        mkfifo(out);
        return { args: ["--out", out], file: out };
      },
    ],
    [
      "an existing --out, with --force",
      () => {
        const out = join(work.path, "out-fifo-forced.json");
        mkfifo(out);
        return { args: ["--out", out, "--force"], file: out };
      },
    ],
    [
      "the sidecar of --out",
      () => {
        const out = join(work.path, "out-sidecar.json");
        mkfifo(`${out}.model-setup.json`);
        return { args: ["--out", out], file: `${out}.model-setup.json` };
      },
    ],
    [
      "the pending marker of --out",
      () => {
        const out = join(work.path, "out-marker.json");
        mkfifo(`${out}.model-setup.pending`);
        return { args: ["--out", out], file: `${out}.model-setup.pending` };
      },
    ],
  ])("%s", (_, make) => {
    const { args, file } = make();
    const result = run(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(file);
    expect(result.stderr).toMatch(/not a regular file \(a folder, FIFO, socket or device\)/);
    expect(result.stderr).not.toMatch(NO_STACK);
  });

  it.each([
    ["the route's index record", () => join(setup.index, indexRecordPath("openclaw", KIMI_ID)), ["generate"]],
    ["the route's upstream record", () => join(setup.path, recordPath("openclaw", KIMI_ID)), ["generate"]],
    ["the route's model shard", () => join(setup.index, modelIdShardPath("openclaw", KIMI)), ["generate"]],
    ["registry.json", () => join(setup.index, REGISTRY_FILE), ["explain"]],
  ])("%s in the setup directory", (_, path, args) => {
    const own = setupTempDir();
    try {
      writeSetupDir(own.path, fixtureRecords());
      const file = path().replace(setup.path, own.path).replace(setup.index, own.index);
      replaceWithFifo(file);
      const result = runCliProcess(args, routeEnv(KIMI, own.path));
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`${file}#/: is not a regular file`);
      expect(result.stderr).toContain("rebuild the image context");
      expect(result.stderr).not.toMatch(NO_STACK);
    } finally {
      own.remove();
    }
  });

  it.each([
    ["a folder", () => work.path],
    ["a device", () => "/dev/zero"],
  ])("--base that is %s", (_, path) => {
    const result = run(["--base", path()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--base ${path()} is not a regular file`);
  });
});

describe("bad contents", () => {
  it("a sidecar nested deeper than the limit is a problem naming it, not a stack overflow", () => {
    const config = generated("deep-sidecar");
    const sidecar = `${config}.model-setup.json`;
    writeFileSync(sidecar, `{"changes": ${"[".repeat(100_000)}${"]".repeat(100_000)}}`);
    const result = run(["switch", "--config", config]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${sidecar}#/changes/0/0/`);
    expect(result.stderr).toMatch(/nested deeper than 64 levels/);
    expect(result.stderr).not.toMatch(NO_STACK);
  });

  it("a setup directory file nested deeper than the limit is a problem naming it", () => {
    const own = setupTempDir();
    try {
      writeSetupDir(own.path, fixtureRecords());
      const file = join(own.index, indexRecordPath("openclaw", KIMI_ID));
      writeFileSync(file, `{"effects": ${"[".repeat(100_000)}${"]".repeat(100_000)}}`);
      const result = runCliProcess([], routeEnv(KIMI, own.path));
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`${file}#/effects/0/0.*nested deeper than 64 levels`));
      expect(result.stderr).not.toMatch(NO_STACK);
    } finally {
      own.remove();
    }
  });

  it("NEMOCLAW_INFERENCE_COMPAT_B64 decoding to bytes that are not UTF-8 is refused with the offset", () => {
    const bytes = Buffer.concat([
      Buffer.from('{"thinkingFormat": "qwen'),
      Buffer.from([0xc3]),
      Buffer.from('"}'),
    ]);
    const result = run([], { NEMOCLAW_INFERENCE_COMPAT_B64: bytes.toString("base64") });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "NEMOCLAW_INFERENCE_COMPAT_B64 (or --compat-b64) decodes to bytes that are not valid UTF-8 (the first bad byte is at offset 24 of the decoded JSON)",
    );
  });

  it.each([
    ["NEMOCLAW_MODEL", "vendor/model-".padEnd(100_000, "x")],
    ["NEMOCLAW_CONTEXT_WINDOW", "9".repeat(100_000)],
    ["NEMOCLAW_INFERENCE_BASE_URL", `ftp://${"a".repeat(100_000)}`],
    ["NEMOCLAW_REASONING", "maybe".repeat(20_000)],
  ])("a very long %s is refused with a bounded part of it and its length", (name, value) => {
    const result = run([], { [name]: value });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`(${value.length} characters in all)`);
    expect(result.stderr).toContain(JSON.stringify(value.slice(0, 80)));
    expect(result.stderr.length).toBeLessThan(1000);
  });
});
