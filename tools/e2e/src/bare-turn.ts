/**
 * The baseline the e2e timings are compared with: a plain `openclaw agent exec` turn as a user would start it
 * (openclaw.mjs with its own re-exec, no harness), with a minimal hand-written config, no plugin and no checks,
 * against the scripted mock over plain HTTP on 127.0.0.1. The turn is of the cases' kind: one exec call
 * (`echo`), then a final answer.
 *
 * Executed by Node 24 under `unshare -m` (see `pnpm e2e --timings` in scripts/e2e.mjs), only so that /tmp is
 * private: OpenClaw's lock folder is not left on the machine. Usage: `node dist/bare-turn.js <scratch-dir> <repeats>`
 * (the caller makes and removes the scratch folder); prints `{"turnsMs": [...]}`.
 */
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { privateTmp } from "./launcher/namespace.js";
import { makeOpenclawDirs, plainOpenclawEnv } from "./launcher/openclaw-cli.js";
import { createMockHandler } from "./mock/server.js";
import type { MockReply } from "./mock/types.js";
import { NODE24, OPENCLAW_MJS, REPO_ROOT } from "./paths.js";

/** Any model: the bare turn has no intervention, only the plain OpenClaw run a case is compared with. */
const MODEL = "vendor/bare-model";
const SCRIPT: MockReply[] = [
  { toolCalls: [{ id: "call_bare_1", name: "exec", arguments: { command: "echo bare-turn" } }] },
  { content: "done" },
];

function config(port: number): unknown {
  const model = {
    id: MODEL,
    name: MODEL,
    reasoning: false,
    input: ["text"],
    contextWindow: 131072,
    maxTokens: 8192,
  };
  const cost = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
  const provider = {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    apiKey: "bare-mock-key",
    api: "openai-completions",
    models: [{ ...model, cost }],
  };
  return {
    models: { mode: "merge", providers: { inference: provider } },
    agents: { defaults: { model: { primary: `inference/${MODEL}` } } },
  };
}

async function oneTurn(root: string): Promise<number> {
  const dirs = makeOpenclawDirs(root); // the harness's layout, compile cache included
  const server = createServer(createMockHandler({ script: SCRIPT, modelIds: [MODEL] }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const configPath = join(root, "openclaw.json");
  writeFileSync(configPath, JSON.stringify(config((server.address() as AddressInfo).port)));
  const args = [
    OPENCLAW_MJS,
    "agent",
    "exec",
    "--config",
    configPath,
    "--state-dir",
    dirs.state,
    "--cwd",
    dirs.work,
  ];
  args.push("--model", `inference/${MODEL}`, "--json", "--timeout", "60", "Print a marker.");
  const env = plainOpenclawEnv(NODE24, dirs, configPath);
  const started = Date.now();
  try {
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
      const child = spawn(NODE24, args, { cwd: dirs.work, env, stdio: ["ignore", "pipe", "ignore"] });
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
      });
      child.on("error", reject);
      child.on("close", (exitCode) => resolve({ code: exitCode, stdout: out }));
    });
    const elapsed = Date.now() - started;
    // A failed turn must never pass for a fast baseline.
    if (code !== 0 || !/"ok"\s*:\s*true/.test(stdout) || !/"calls"\s*:\s*1\b/.test(stdout)) {
      throw new Error(`bare turn failed (exit ${code}): ${stdout.slice(0, 400)}`);
    }
    return elapsed;
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

async function main(scratch: string, repeats: number): Promise<void> {
  privateTmp([REPO_ROOT, scratch]);
  const turnsMs: number[] = [];
  for (let i = 0; i < repeats; i++) turnsMs.push(await oneTurn(join(scratch, String(i))));
  process.stdout.write(`${JSON.stringify({ turnsMs })}\n`);
}

const [scratch, repeatsArg] = process.argv.slice(2);
const repeats = Number(repeatsArg);
if (!scratch || !Number.isInteger(repeats) || repeats < 1) {
  process.stderr.write("usage: bare-turn.js <scratch-dir> <repeats>\n");
  process.exit(64);
}
main(scratch, repeats).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bare turn: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
