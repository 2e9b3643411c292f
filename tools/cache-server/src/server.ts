/**
 * The team's shared turbo remote cache: the turborepo-remote-cache server (an existing, maintained implementation
 * of turbo's remote cache protocol) with its local file-system storage, run in this process. turbo clients reach it
 * with TURBO_API, TURBO_TOKEN and TURBO_TEAM (see clientEnv); with none of them set, turbo caches locally only.
 */
import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";

export interface CacheServerOptions {
  /** Where artifacts are stored; created when missing. */
  dir: string;
  /** 0 picks a free port. */
  port: number;
  host: string;
  /** The bearer token every client must send (TURBO_TOKEN). */
  token: string;
}

export interface RunningCacheServer {
  url: string;
  dir: string;
  close(): Promise<void>;
}

/** The team name clients send; the server keeps each team's artifacts apart. */
export const CACHE_TEAM = "model-setup";

/** The environment that points turbo at a cache server. */
export function clientEnv(url: string, token: string): Record<string, string> {
  return { TURBO_API: url, TURBO_TOKEN: token, TURBO_TEAM: CACHE_TEAM };
}

/**
 * Starts the server in this process. Its configuration is read from the environment when the package is first
 * imported, so it is set right before that import and one process serves one cache.
 */
export async function startCacheServer(options: CacheServerOptions): Promise<RunningCacheServer> {
  const dir = resolve(options.dir);
  mkdirSync(dir, { recursive: true });
  Object.assign(process.env, {
    STORAGE_PROVIDER: "local",
    STORAGE_PATH: dir,
    STORAGE_PATH_USE_TMP_FOLDER: "false",
    TURBO_TOKEN: options.token,
    AUTH_MODE: "static",
    HOST: options.host,
    PORT: String(options.port),
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    NODE_ENV: "production",
  });
  const { createApp } = await import("turborepo-remote-cache");
  const app = createApp({ trustProxy: true });
  await app.listen({ host: options.host, port: options.port });
  const { port } = app.server.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  return { url: `http://${host}:${port}`, dir, close: () => app.close() };
}
