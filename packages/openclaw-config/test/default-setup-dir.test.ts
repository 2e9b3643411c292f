/**
 * NEMOCLAW_MODEL_SPECIFIC_SETUP_DIR unset: like upstream, the first existing default location is read, and with
 * none there is no model-specific setup (exit 0), but a warning says so instead of upstream's silence.
 */
import { join } from "node:path";
import { SETUP_INSTALL_ROOT } from "@model-setup/manifest";
import { afterAll, describe, expect, it } from "vitest";
import { type CliIo, DEFAULT_SETUP_DIRS, runCli } from "../src/index.js";
import { fixtureRecords, tempDir, writeSetupDir } from "./helpers/setup-dir.js";

const work = tempDir();
afterAll(() => work.remove());
const present = join(work.path, "present", "model-specific-setup");
writeSetupDir(present, fixtureRecords());
const missing = [join(work.path, "missing-a"), join(work.path, "missing-b")];

const ROUTE = {
  NEMOCLAW_MODEL: "moonshotai/kimi-k2.6",
  NEMOCLAW_INFERENCE_PROVIDER_ID: "inference",
  NEMOCLAW_INFERENCE_API: "openai-completions",
  NEMOCLAW_INFERENCE_BASE_URL: "https://inference.local/v1",
};

async function cli(args: string[], defaults: readonly string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (text) => out.push(text), stderr: (text) => err.push(text) };
  const code = await runCli(args, ROUTE, io, defaults);
  return { code, stdout: out.join(""), stderr: err.join("") };
}

describe("the default setup directories", () => {
  it("are this project's install root, then upstream's two blueprint locations", () => {
    expect(DEFAULT_SETUP_DIRS).toEqual([
      SETUP_INSTALL_ROOT,
      "/opt/nemoclaw-blueprint/model-specific-setup",
      "/sandbox/.nemoclaw/blueprints/0.1.0/model-specific-setup",
    ]);
  });

  it("reads the first one that exists", async () => {
    const result = await cli([], [...missing, present]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).plugins.entries).toHaveProperty("nemoclaw-kimi-inference-compat");
  });

  it("applies nothing, and warns, when none exists", async () => {
    const result = await cli([], missing);
    expect(result.code).toBe(0);
    const config = JSON.parse(result.stdout);
    expect(config).not.toHaveProperty("plugins");
    expect(config.tools.toolSearch).toEqual({ mode: "tools", searchDefaultLimit: 8, maxSearchLimit: 20 });
    expect(result.stderr).toBe(
      `openclaw-config: warning: NEMOCLAW_MODEL_SPECIFIC_SETUP_DIR is unset and none of ${missing.join(", ")} exists: no model-specific setup is applied; set NEMOCLAW_MODEL_SPECIFIC_SETUP_DIR to the image context's model-specific-setup directory\n`,
    );
    const explained = await cli(["explain"], missing);
    expect(explained.code).toBe(0);
    expect(explained.stdout).toContain("interventions (openclaw, 0):");
    expect(explained.stderr).toContain("no model-specific setup is applied");
  });

  it("are not consulted when the variable names a directory, even a missing one", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(
      [],
      { ...ROUTE, NEMOCLAW_MODEL_SPECIFIC_SETUP_DIR: missing[0] as string },
      { stdout: (t) => out.push(t), stderr: (t) => err.push(t) },
      [present],
    );
    expect(code).toBe(1);
    expect(err.join("")).toContain("does not exist or is not a directory");
  });
});
