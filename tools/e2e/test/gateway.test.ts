import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  freeLoopbackPort,
  type GatewayOptions,
  gatewaySection,
  startGateway,
} from "../src/launcher/gateway.js";

/**
 * The gateway's lifecycle is ours (spawn, wait for /healthz, stop, fail loudly): it is tested here against stand-ins
 * for `openclaw gateway run`, each a small script given as `openclawMjs`. The real gateway runs in
 * every gateway batch of the e2e cases, and in `pnpm bench`'s baselines (tools/bench/src/baselines).
 */
const STAND_INS = {
  // Answers /healthz on the configured port after a short start, and notes beside its config that it was stopped
  // (the gateway's environment is the plain one: nothing of the test's own reaches it).
  healthy: `
    import { readFileSync, writeFileSync } from "node:fs";
    import { createServer } from "node:http";
    import { dirname, join } from "node:path";
    const { gateway } = JSON.parse(readFileSync(process.env.OPENCLAW_CONFIG_PATH, "utf8"));
    const server = createServer((req, res) => res.writeHead(req.url === "/healthz" ? 200 : 404).end());
    setTimeout(() => server.listen(gateway.port, "127.0.0.1"), 300);
    process.on("SIGTERM", () => { writeFileSync(join(dirname(process.env.OPENCLAW_CONFIG_PATH), "stopped"), "stopped"); process.exit(0); });
  `,
  invalidConfig: `
    console.error("Config invalid: gateway.port must be a number");
    process.exit(78);
  `,
  neverUp: `
    setInterval(() => {}, 1000);
  `,
};

/** Pids whose command line names `script` (Linux /proc; the harness needs Linux anyway). */
function processesRunning(script: string): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").includes(script);
      } catch {
        return false; // ended meanwhile
      }
    })
    .map(Number);
}

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "e2e-gateway-test-"));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

async function optionsFor(standIn: keyof typeof STAND_INS, readyTimeoutMs = 20_000): Promise<GatewayOptions> {
  const script = join(root, `${standIn}.mjs`);
  writeFileSync(script, STAND_INS[standIn]);
  const port = await freeLoopbackPort();
  const configPath = join(root, "openclaw.json");
  writeFileSync(configPath, JSON.stringify({ gateway: gatewaySection(port, "t0ken") }));
  return {
    node24: process.execPath,
    openclawMjs: script,
    root,
    configPath,
    port,
    token: "t0ken",
    readyTimeoutMs,
  };
}

describe("one long-lived gateway", () => {
  it("is up once /healthz answers, and stop() ends it", async () => {
    const options = await optionsFor("healthy");
    const gateway = await startGateway(options);
    expect(gateway.startMs).toBeGreaterThan(0);
    expect((await fetch(`http://127.0.0.1:${options.port}/healthz`)).status).toBe(200);
    await gateway.stop();
    expect(readFileSync(join(root, "stopped"), "utf8")).toBe("stopped");
    await gateway.stop(); // a second stop is a no-op
  });

  it("fails with the gateway's own words when it exits before it is up", async () => {
    const options = await optionsFor("invalidConfig");
    await expect(startGateway(options)).rejects.toThrow(
      /exited \(78\) before it was up:\n.*Config invalid: gateway\.port must be a number/s,
    );
    expect(existsSync(join(root, "gateway.log"))).toBe(true);
  });

  it("fails, and ends the process, when it is not up in time", async () => {
    const options = await optionsFor("neverUp", 700);
    await expect(startGateway(options)).rejects.toThrow(/not up within 700 ms/);
    expect(processesRunning(options.openclawMjs)).toEqual([]);
  });
});
