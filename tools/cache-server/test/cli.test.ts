import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const CLI = fileURLToPath(new URL("../bin/cache-server.js", import.meta.url));
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("TURBO_")));
let running: ChildProcess | undefined;
afterEach(() => running?.kill());

/** Starts the command as users do, the token in TURBO_TOKEN; resolves with the URL it says turbo should use. */
function serve(dir: string, token: string, args: string[] = []): Promise<string> {
  const child = spawn(process.execPath, [CLI, "--port", "0", "--dir", dir, ...args], {
    env: { ...env, ...(args.includes("--token-file") ? {} : { TURBO_TOKEN: token }) },
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

const scratch = () => mkdtempSync(join(tmpdir(), "cache-server-"));
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** The command with these arguments and TURBO_TOKEN, which must refuse to start; the child's timeout guards a hang. */
function refused(args: string[], token?: string) {
  const run = spawnSync(process.execPath, [CLI, ...args], {
    env: { ...env, ...(token === undefined ? {} : { TURBO_TOKEN: token }) },
    encoding: "utf8",
    timeout: 20_000,
  });
  expect(run.error, "the server started or hung instead of refusing").toBeUndefined();
  expect(run.status).toBe(2);
  return run.stderr;
}

describe("cache-server", () => {
  it("stores and serves turbo artifacts for clients with the token, and refuses the others", async () => {
    const dir = join(scratch(), "artifacts");
    const url = await serve(dir, "s3cret");
    const artifact = `${url}/v8/artifacts/0123456789abcdef?slug=model-setup`;
    const body = Buffer.from("a turbo artifact");

    const put = await fetch(artifact, {
      method: "PUT",
      headers: { ...bearer("s3cret"), "Content-Type": "application/octet-stream" },
      body,
    });
    expect(put.status).toBeLessThan(300);
    const got = await fetch(artifact, { headers: bearer("s3cret") });
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer())).toEqual(body);
    expect((await fetch(artifact)).status).toBe(401);
    expect((await fetch(artifact, { headers: bearer("wrong") })).status).toBe(401);
    expect(readdirSync(dir).length).toBeGreaterThan(0);
  });

  it("answers /v8/artifacts/status only with the token", async () => {
    const url = await serve(join(scratch(), "artifacts"), "s3cret");
    expect((await fetch(`${url}/v8/artifacts/status`)).status).toBe(401);
    expect((await fetch(`${url}/v8/artifacts/status`, { headers: bearer("wrong") })).status).toBe(401);
    const status = await fetch(`${url}/v8/artifacts/status`, { headers: bearer("s3cret") });
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ status: "enabled" });
  });

  it("takes a token with a comma whole: neither part alone is accepted", async () => {
    const url = await serve(join(scratch(), "artifacts"), "alpha,beta");
    const status = `${url}/v8/artifacts/status`;
    expect((await fetch(status, { headers: bearer("alpha") })).status).toBe(401);
    expect((await fetch(status, { headers: bearer("beta") })).status).toBe(401);
    expect((await fetch(status, { headers: bearer("alpha,beta") })).status).toBe(200);
  });

  it("reads the token from --token-file (a final line break is not part of it)", async () => {
    const file = join(scratch(), "token");
    writeFileSync(file, "from-a-file\n", { mode: 0o600 });
    const url = await serve(join(scratch(), "artifacts"), "", ["--token-file", file]);
    const status = `${url}/v8/artifacts/status`;
    expect((await fetch(status, { headers: bearer("from-a-file") })).status).toBe(200);
  });

  it("never takes the token on the command line, and needs one (exit 2)", () => {
    expect(refused(["--port", "0", "--token", "s3cret"])).toContain(
      "--token is gone: a secret on the command line can be read by every local user",
    );
    expect(refused(["--port", "0"])).toContain("no token: set TURBO_TOKEN or pass --token-file FILE");
    expect(refused(["--port", "0"], "two words")).toContain("a token must be printable ASCII without spaces");
  });

  it("refuses a token file that is a FIFO, a folder or empty, at once", { timeout: 60_000 }, () => {
    const dir = scratch();
    const fifo = join(dir, "fifo");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    expect(refused(["--port", "0", "--token-file", fifo])).toContain(
      `--token-file ${fifo} is not a regular file`,
    );
    expect(refused(["--port", "0", "--token-file", dir])).toContain(
      `--token-file ${dir} is not a regular file`,
    );
    writeFileSync(join(dir, "empty"), "\n");
    expect(refused(["--port", "0", "--token-file", join(dir, "empty")])).toContain("is empty");
  });

  it.each(["", "http", "1e3", " 80", "65536", "-1", "0x50"])(
    "refuses --port %j before it starts anything",
    (port) => {
      expect(refused([`--port=${port}`], "t")).toContain(
        `--port ${JSON.stringify(port)} is not a port number`,
      );
    },
  );
});
