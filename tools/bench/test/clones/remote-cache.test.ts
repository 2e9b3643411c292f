/**
 * The shared turbo cache (`pnpm cache-server`, @model-setup/cache-server): a second clone of the committed
 * repository on the same machine replays from the cache server what the first clone ran, for build, typecheck,
 * unit tests and an intervention's e2e cases; and a cache server that is down never fails a run.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { discoverWorkspace } from "@model-setup/discovery";
import { afterAll, describe, expect, it } from "vitest";
import { installOffline, run } from "../../src/measure.js";

const REPO_ROOT = fileURLToPath(new URL("../../../..", import.meta.url));
const CACHE_SERVER = join(REPO_ROOT, "tools", "cache-server", "bin", "cache-server.js");
const scratch = mkdtempSync(join(tmpdir(), "msetup-remote-cache-"));
let server: ChildProcess | undefined;
// Two clones with their node_modules: removing them takes longer than the default hook timeout.
afterAll(() => {
  server?.kill();
  rmSync(scratch, { recursive: true, force: true });
}, 300_000);

const baseEnv: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !name.startsWith("TURBO_") && name !== "CI"),
);
Object.assign(baseEnv, {
  TURBO_TELEMETRY_DISABLED: "1",
  DO_NOT_TRACK: "1",
  TURBO_UI: "false",
  FORCE_COLOR: "0",
});

/** Starts the cache server as users do and returns the environment its printed instructions name. */
async function startServer(token: string): Promise<NodeJS.ProcessEnv> {
  const child = spawn(process.execPath, [CACHE_SERVER, "--port", "0", "--dir", join(scratch, "cache")], {
    env: { ...baseEnv, TURBO_TOKEN: token },
    stdio: ["ignore", "pipe", "inherit"],
  });
  server = child;
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const found = /TURBO_API=(\S+) TURBO_TEAM=(\S+)/.exec(out);
      if (found) resolve(found[1] as string);
    });
    child.on("exit", (code) => reject(new Error(`cache-server exited (${code}): ${out}`)));
  });
  return { ...baseEnv, TURBO_API: url, TURBO_TEAM: "model-setup", TURBO_TOKEN: token };
}

function clone(name: string): string {
  const ws = join(scratch, name);
  run("git", ["clone", "--quiet", "--no-hardlinks", REPO_ROOT, ws], { cwd: scratch, env: baseEnv });
  installOffline(REPO_ROOT, ws, ["--frozen-lockfile"], baseEnv);
  return ws;
}

/** Runs turbo; returns, per task, whether it ran or was replayed. */
function turbo(ws: string, args: string[], env: NodeJS.ProcessEnv): Record<string, "ran" | "replayed"> {
  const output = run("pnpm", ["turbo", "run", ...args], { cwd: ws, env });
  const tasks: Record<string, "ran" | "replayed"> = {};
  for (const [, task, status] of output.matchAll(/^(\S+:\S+): cache (hit|miss)/gm)) {
    tasks[task as string] = status === "hit" ? "replayed" : "ran";
  }
  return tasks;
}

describe("a shared turbo cache between two clones", { timeout: 900_000 }, () => {
  it("replays in the second clone what the first ran: build, typecheck, unit tests and e2e", async () => {
    const env = await startServer(`token-${process.pid}`);
    const first = clone("first");
    // The intervention whose e2e cases run here: one with only derived cases (the quickest to run).
    const { packages } = await discoverWorkspace(first);
    const quick = packages.find((pkg) => !existsSync(join(pkg.dir, "e2e")));
    if (!quick) throw new Error("this test needs an intervention without hand-written e2e cases");
    const checks = ["build", "typecheck", "test", "--filter=@model-setup/manifest"];
    const e2e = ["e2e", "--concurrency=1", `--filter=${quick.name}`];

    const cold = { ...turbo(first, checks, env), ...turbo(first, e2e, env) };
    expect(Object.values(cold)).toContain("ran");
    expect(cold[`${quick.name}:e2e`]).toBe("ran");
    expect(readdirSync(join(scratch, "cache")).length).toBeGreaterThan(0);

    const second = clone("second");
    const warm = { ...turbo(second, checks, env), ...turbo(second, e2e, env) };
    expect(Object.keys(warm).sort()).toEqual(Object.keys(cold).sort());
    expect(Object.entries(warm).filter(([, status]) => status !== "replayed")).toEqual([]);

    // The server goes away: turbo says so and runs locally; nothing fails.
    server?.kill();
    const offline = turbo(second, ["typecheck", "--filter=@model-setup/manifest"], env);
    expect(offline["@model-setup/manifest:typecheck"]).toBe("replayed");
  });
});
