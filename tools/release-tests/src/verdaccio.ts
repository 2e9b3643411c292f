/**
 * A real npm registry for tests: verdaccio on 127.0.0.1 with a throw-away storage and config. Our own packages
 * (`@model-setup/*`, `create-intervention`) live only here; everything else is proxied to the registry npm is
 * configured with, so `pnpm dlx` can resolve their dependencies. Fails loudly if it does not come up.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const VERDACCIO_BIN = fileURLToPath(new URL("../node_modules/verdaccio/bin/verdaccio", import.meta.url));

export interface Registry {
  url: string;
  /** An .npmrc authenticated against this registry (publish rights). */
  npmrc: string;
  dir: string;
  /** What verdaccio printed so far (warnings and errors), for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

function upstreamRegistry(): string {
  const fromEnv = process.env.RELEASE_TESTS_UPLINK;
  if (fromEnv) return fromEnv;
  try {
    return execFileSync("npm", ["config", "get", "registry"], { encoding: "utf8" }).trim();
  } catch {
    return "https://registry.npmjs.org/";
  }
}

function config(storage: string, uplink: string): string {
  return `storage: ${storage}/storage
auth:
  htpasswd:
    file: ${storage}/htpasswd
    max_users: 10
    # A throw-away test user: a cheap hash keeps each authenticated request from costing ~300 ms of bcrypt.
    algorithm: sha1
uplinks:
  upstream:
    url: ${uplink}
    timeout: 30s
packages:
  "@model-setup/*":
    access: $all
    publish: $authenticated
  "create-intervention":
    access: $all
    publish: $authenticated
  "**":
    access: $all
    publish: $authenticated
    proxy: upstream
log: { type: stdout, format: pretty, level: ${process.env.RELEASE_TESTS_VERDACCIO_LOG ?? "warn"} }
`;
}

async function waitUntilUp(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < 20_000) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`${url}-/ping`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`verdaccio did not answer on ${url} within 20 s:\n${output()}`);
}

const SYSTEM_CA_BUNDLES = ["/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt"];

/**
 * Verdaccio's uplink is a Node HTTPS client: it must trust what npm and curl trust. turbo's strict env mode
 * drops NODE_EXTRA_CA_CERTS, so fall back to the system CA bundle (needed behind a TLS-inspecting proxy).
 */
function uplinkEnv(): NodeJS.ProcessEnv {
  if (process.env.NODE_EXTRA_CA_CERTS) return process.env;
  const bundle = SYSTEM_CA_BUNDLES.find((file) => existsSync(file));
  return bundle ? { ...process.env, NODE_EXTRA_CA_CERTS: bundle } : process.env;
}

export async function startRegistry(): Promise<Registry> {
  const dir = mkdtempSync(join(tmpdir(), "verdaccio-"));
  writeFileSync(join(dir, "config.yaml"), config(dir, upstreamRegistry()));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const child = spawn(
    process.execPath,
    [VERDACCIO_BIN, "--config", join(dir, "config.yaml"), "--listen", `127.0.0.1:${port}`],
    { stdio: ["ignore", "pipe", "pipe"], env: uplinkEnv() },
  );
  let log = "";
  child.stdout?.on("data", (chunk) => {
    log += String(chunk);
  });
  child.stderr?.on("data", (chunk) => {
    log += String(chunk);
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilUp(url, child, () => log);
    // Create the publishing user (htpasswd auth), as `npm adduser` would.
    const response = await fetch(`${url}-/user/org.couchdb.user:release-tests`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "release-tests", password: "release-tests-password" }),
    });
    const { token } = (await response.json()) as { token?: string };
    if (!response.ok || !token) throw new Error(`verdaccio refused to create a user: ${response.status}`);
    const npmrc = join(dir, ".npmrc");
    writeFileSync(npmrc, `registry=${url}\n//127.0.0.1:${port}/:_authToken=${token}\n`);
    return { url, npmrc, dir, stop, log: () => log };
  } catch (error) {
    await stop();
    throw error;
  }
}
