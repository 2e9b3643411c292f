import { readRegularFile } from "@model-setup/discovery/package-file";
import { tooDeep, tooDeepMessage } from "@model-setup/manifest";
import JSON5 from "json5";

/** A file given on the command line is unusable; the CLI treats this as a usage error. */
export class InputFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputFileError";
  }
}

/** Largest file the CLI reads (a config, a sidecar, a file of the setup directory): far above any real one. */
export const MAX_INPUT_FILE_BYTES = 16 * 1024 * 1024;

/**
 * Reads a file the CLI was pointed at with the tools' one safe reader (@model-setup/discovery): a FIFO, folder or
 * device is refused at once instead of waited on, as is text that is not UTF-8. Undefined when it does not exist;
 * any other failure is an {@link InputFileError} that starts with `label` (e.g. `--base FILE`) and says the fix.
 */
export function readInputFile(file: string, label: string, fix: string): string | undefined {
  const read = readRegularFile(file, MAX_INPUT_FILE_BYTES);
  if (read.ok) return read.text;
  if (read.missing) return undefined;
  throw new InputFileError(`${label} ${read.message}: ${fix}`);
}

/**
 * Reads an existing openclaw.json to merge into: JSON5, as OpenClaw reads it; it must hold an object. `flag` is
 * how the user named it (`--base`, `--config`), so the message points at the right argument.
 */
export async function readBaseConfig(file: string, flag = "--base"): Promise<Record<string, unknown>> {
  const fix = "pass an openclaw.json OpenClaw can read";
  const text = readInputFile(file, `${flag} ${file}`, fix);
  if (text === undefined)
    throw new InputFileError(`${flag} ${file} cannot be read (it does not exist): ${fix}`);
  return parseConfigText(text, `${flag} ${file}`);
}

/** Parses a config's text (JSON5, an object, not nested deeper than the limit); errors start with `label`. */
export function parseConfigText(text: string, label: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON5.parse(text);
  } catch (error) {
    throw new InputFileError(
      `${label} is not valid JSON5 (${(error as Error).message}): pass an openclaw.json OpenClaw can read`,
    );
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new InputFileError(`${label} must hold an object (an openclaw.json)`);
  }
  const deep = tooDeep(value);
  if (deep !== undefined) throw new InputFileError(`${label}: ${tooDeepMessage(deep)}`);
  return value as Record<string, unknown>;
}
