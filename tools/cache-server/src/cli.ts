/**
 * `cache-server [--dir DIR] [--port N] [--host HOST] [--token-file FILE]` (root: `pnpm cache-server …`), the token
 * otherwise from TURBO_TOKEN: serves the team's turbo remote cache until interrupted, and prints how to point turbo
 * at it.
 */
import { parseOptions, USAGE, UsageError } from "./options.js";
import { CACHE_TEAM, startCacheServer } from "./server.js";

async function main(argv: string[]): Promise<number> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(argv, process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`cache-server: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  if (options === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const server = await startCacheServer(options);
  process.stdout.write(
    `cache-server: serving ${server.url}, artifacts in ${server.dir}\n` +
      `cache-server: point turbo at it with TURBO_API=${server.url} TURBO_TEAM=${CACHE_TEAM} TURBO_TOKEN=<the token>\n`,
  );
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      server.close().then(() => process.exit(0));
    });
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`cache-server: ${(error as Error).stack ?? error}\n`);
    process.exitCode = 1;
  },
);
