/**
 * The team's shared turbo remote cache: the turborepo-remote-cache server (an existing, maintained implementation
 * of turbo's remote cache protocol) with its local file-system storage, run in this process. turbo clients reach it
 * with TURBO_API, TURBO_TOKEN and TURBO_TEAM (see clientEnv); with none of them set, turbo caches locally only.
 */
import { createHash, timingSafeEqual } from "node:crypto";
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

const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();

/**
 * Whether an Authorization header carries exactly `token` as its bearer token. Compared whole (the package's own
 * static auth splits TURBO_TOKEN at commas, so one token with a comma became several accepted ones) and in
 * constant time (over digests, which have one length).
 */
export function bearerMatches(header: string | string[] | undefined, token: string): boolean {
  if (typeof header !== "string" || !header.startsWith("Bearer ")) return false;
  return timingSafeEqual(digest(header.slice("Bearer ".length)), digest(token));
}

/**
 * Starts the server in this process. Its configuration is read from the environment when the package is first
 * imported, so it is set right before that import and one process serves one cache. Authentication is this
 * module's, not the package's: one hook before every route, `/v8/artifacts/status` included (the package serves
 * that one to anybody), answering 401 without the token.
 */
export async function startCacheServer(options: CacheServerOptions): Promise<RunningCacheServer> {
  const dir = resolve(options.dir);
  mkdirSync(dir, { recursive: true });
  Object.assign(process.env, {
    STORAGE_PROVIDER: "local",
    STORAGE_PATH: dir,
    STORAGE_PATH_USE_TMP_FOLDER: "false",
    // The package's auth is off; the hook below does it, for every route (see bearerMatches).
    AUTH_MODE: "none",
    HOST: options.host,
    PORT: String(options.port),
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    NODE_ENV: "production",
  });
  const { createApp } = await import("turborepo-remote-cache");
  const app = createApp({ trustProxy: true });
  app.addHook("onRequest", async (request, reply) => {
    // An async hook that has replied returns the reply, so that the route never runs.
    if (!bearerMatches(request.headers.authorization, options.token)) {
      return reply.code(401).send({ message: "Missing or invalid authorization token" });
    }
    return undefined;
  });
  await app.listen({ host: options.host, port: options.port });
  const { port } = app.server.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  return { url: `http://${host}:${port}`, dir, close: () => app.close() };
}
