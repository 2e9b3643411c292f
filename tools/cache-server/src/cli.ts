/**
 * `cache-server [--dir DIR] [--port N] [--host HOST] [--token TOKEN]` (root: `pnpm cache-server …`): serves the
 * team's turbo remote cache until interrupted, and prints how to point turbo at it.
 */
import { parseArgs } from "node:util";
import { CACHE_TEAM, startCacheServer } from "./server.js";

const USAGE = `usage: cache-server [--dir DIR] [--port N] [--host HOST] [--token TOKEN]

--dir DIR      where artifacts are stored (default ./.turbo-remote-cache)
--port N       default 45045; 0 picks a free port
--host HOST    default 127.0.0.1; 0.0.0.0 serves other machines
--token TOKEN  the secret every client sends as TURBO_TOKEN (default: the TURBO_TOKEN variable)`;

async function main(argv: string[]): Promise<number> {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(argv).values;
  } catch (error) {
    process.stderr.write(`cache-server: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const token = values.token ?? process.env.TURBO_TOKEN;
  if (!token) {
    process.stderr.write(
      `cache-server: no token: pass --token or set TURBO_TOKEN (clients send the same one)\n${USAGE}\n`,
    );
    return 2;
  }
  const port = Number(values.port ?? "45045");
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`cache-server: --port ${values.port} is not a port number\n${USAGE}\n`);
    return 2;
  }
  const server = await startCacheServer({
    dir: values.dir ?? ".turbo-remote-cache",
    port,
    host: values.host ?? "127.0.0.1",
    token,
  });
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

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      dir: { type: "string" },
      port: { type: "string" },
      host: { type: "string" },
      token: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
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
