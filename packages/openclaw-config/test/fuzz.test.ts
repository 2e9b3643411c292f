import { existsSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/main.js";
import { fixtureRecords, managedRoute, tempDir, writeSetupDir } from "./helpers/setup-dir.js";

// Hostile environment values: the CLI answers with exit 0, 1 or 2 and a one-line reason, never a crash
// (a stack trace), and never leaves an output file behind when it fails.
const dir = tempDir("openclaw-config-fuzz-");
const setupDir = join(dir.path, "model-specific-setup");
writeSetupDir(setupDir, fixtureRecords());
afterAll(() => dir.remove());

const kimi = managedRoute("moonshotai/kimi-k2.6");
const validEnv = {
  NEMOCLAW_MODEL: kimi.modelId,
  NEMOCLAW_PROVIDER_KEY: kimi.providerKey,
  NEMOCLAW_INFERENCE_API: kimi.inferenceApi,
  NEMOCLAW_INFERENCE_BASE_URL: kimi.baseUrl,
  NEMOCLAW_MODEL_SPECIFIC_SETUP_DIR: setupDir,
};
const VARIABLES = [
  ...Object.keys(validEnv),
  "NEMOCLAW_INFERENCE_COMPAT_B64",
  "NEMOCLAW_INFERENCE_INPUTS",
  "NEMOCLAW_CONTEXT_WINDOW",
  "NEMOCLAW_MAX_TOKENS",
  "NEMOCLAW_REASONING",
  "NEMOCLAW_PRIMARY_MODEL_REF",
];

const hostileValue = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary", maxLength: 50 }),
  fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? "null").toString("base64")),
  fc.constantFrom(
    '{"__proto__":{"polluted":true}}',
    "e30=",
    "eyJfX3Byb3RvX18iOnsicG9sbHV0ZWQiOnRydWV9fQ==",
    "-1",
    "1e309",
    "0x10",
    "9".repeat(400),
  ),
  fc.constant("x".repeat(200_000)),
);

describe("openclaw-config CLI under hostile input", () => {
  it("never crashes and never writes on failure", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom(...VARIABLES), hostileValue, { maxKeys: 4 }),
        async (overrides) => {
          const out = join(dir.path, `out-${run++}.json`);
          let stderr = "";
          const code = await runCli(
            ["--out", out],
            { ...validEnv, ...overrides },
            {
              stdout: () => {},
              stderr: (text: string) => {
                stderr += text;
              },
            },
          );
          expect([0, 1, 2]).toContain(code);
          expect(stderr).not.toMatch(/\n\s+at /);
          expect(existsSync(out)).toBe(code === 0);
          if (code !== 0) expect(stderr).toMatch(/^openclaw-config: /);
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        },
      ),
      { numRuns: 200 },
    );
  });
});
