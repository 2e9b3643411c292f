/**
 * The cache server's command line, checked before anything starts. The token never comes from the command line
 * (any local user can read a process's arguments in /proc or ps): it is the TURBO_TOKEN variable, or the contents
 * of a file named with --token-file, read with the tools' one safe reader (a FIFO or folder is refused at once).
 */
import { parseArgs } from "node:util";
import { readRegularFile } from "@model-setup/discovery";

export const USAGE = `usage: cache-server [--dir DIR] [--port N] [--host HOST] [--token-file FILE]

--dir DIR          where artifacts are stored (default ./.turbo-remote-cache)
--port N           default 45045; 0 picks a free port
--host HOST        default 127.0.0.1; 0.0.0.0 serves other machines
--token-file FILE  a file holding the secret every client sends as TURBO_TOKEN (default: the TURBO_TOKEN
                   variable); never pass the secret itself on the command line, where other users can read it`;

export interface ServerOptions {
  dir: string;
  port: number;
  host: string;
  token: string;
}

/** A bad command line or token: exit 2 with the message and the usage. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export const DEFAULT_PORT = 45045;

/** A TCP port: decimal digits only (an empty string, `1e3` or ` 80` is not one), 0 to 65535. */
export function parsePort(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_PORT;
  const port = Number(raw);
  if (!/^[0-9]{1,5}$/.test(raw) || port > 65535) {
    throw new UsageError(
      `--port ${JSON.stringify(raw.length > 20 ? `${raw.slice(0, 20)}…` : raw)} is not a port number: pass 0 to 65535 (0 picks a free port)`,
    );
  }
  return port;
}

/** Largest token file read: a token is a line, not a document. */
const MAX_TOKEN_FILE_BYTES = 4096;

/**
 * The token, whole: a comma or any other character is part of it, never a separator (turbo sends it as one bearer
 * token). It must be printable ASCII without spaces, which is what an HTTP header carries unchanged; a token file
 * may end in one line break.
 */
export function checkToken(token: string, source: string): string {
  if (token === "") throw new UsageError(`${source} is empty: put the shared secret in it`);
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new UsageError(
      `${source} holds a space, control or non-ASCII character (${token.length} characters): a token must be printable ASCII without spaces, as turbo sends it in an HTTP header`,
    );
  }
  return token;
}

function tokenFrom(file: string | undefined, env: NodeJS.ProcessEnv): string {
  if (file !== undefined) {
    const read = readRegularFile(file, MAX_TOKEN_FILE_BYTES);
    if (!read.ok) throw new UsageError(`--token-file ${file} ${read.message}`);
    return checkToken(read.text.replace(/\r?\n$/, ""), `--token-file ${file}`);
  }
  const fromEnv = env.TURBO_TOKEN;
  if (fromEnv === undefined || fromEnv === "") {
    throw new UsageError(
      "no token: set TURBO_TOKEN or pass --token-file FILE (clients send the same one as TURBO_TOKEN)",
    );
  }
  return checkToken(fromEnv, "TURBO_TOKEN");
}

/** The options, or undefined for --help. */
export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): ServerOptions | undefined {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return undefined;
  if (values.token !== undefined) {
    throw new UsageError(
      "--token is gone: a secret on the command line can be read by every local user (ps, /proc); set TURBO_TOKEN or pass --token-file FILE",
    );
  }
  return {
    dir: values.dir ?? ".turbo-remote-cache",
    port: parsePort(values.port),
    host: values.host ?? "127.0.0.1",
    token: tokenFrom(values["token-file"], env),
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: {
      dir: { type: "string" },
      port: { type: "string" },
      host: { type: "string" },
      // Declared only to refuse it with the reason (see parseOptions).
      token: { type: "string" },
      "token-file": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}
