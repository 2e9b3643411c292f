import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const CLI = fileURLToPath(new URL("../bin/cache-server.js", import.meta.url));
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("TURBO_")));
let running: ChildProcess | undefined;
afterEach(() => running?.kill());

/** Starts the command as users do; resolves with the URL it says turbo should use. */
function serve(dir: string, token: string): Promise<string> {
  const child = spawn(process.execPath, [CLI, "--port", "0", "--dir", dir, "--token", token], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running = child;
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const found = /TURBO_API=(\S+) TURBO_TEAM=model-setup TURBO_TOKEN=<the token>/.exec(out);
      if (found) resolve(found[1] as string);
    });
    child.on("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

describe("cache-server", () => {
  it("stores and serves turbo artifacts for clients with the token, and refuses the others", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "cache-server-")), "artifacts");
    const url = await serve(dir, "s3cret");
    const artifact = `${url}/v8/artifacts/0123456789abcdef?slug=model-setup`;
    const auth = { Authorization: "Bearer s3cret" };
    const body = Buffer.from("a turbo artifact");

    const put = await fetch(artifact, {
      method: "PUT",
      headers: { ...auth, "Content-Type": "application/octet-stream" },
      body,
    });
    expect(put.status).toBeLessThan(300);
    const got = await fetch(artifact, { headers: auth });
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer())).toEqual(body);
    // No token at all fails the request's schema (400); a wrong one fails authentication (401).
    expect((await fetch(artifact)).status).toBe(400);
    expect((await fetch(artifact, { headers: { Authorization: "Bearer wrong" } })).status).toBe(401);
    expect(readdirSync(dir).length).toBeGreaterThan(0);
  });

  it("needs a token, and a port number, before it starts anything (exit 2)", () => {
    const noToken = spawnSync(process.execPath, [CLI, "--port", "0"], { env, encoding: "utf8" });
    expect(noToken.status).toBe(2);
    expect(noToken.stderr).toContain("no token: pass --token or set TURBO_TOKEN");
    const badPort = spawnSync(process.execPath, [CLI, "--port", "http", "--token", "t"], {
      env,
      encoding: "utf8",
    });
    expect(badPort.status).toBe(2);
    expect(badPort.stderr).toContain("--port http is not a port number");
  });
});
