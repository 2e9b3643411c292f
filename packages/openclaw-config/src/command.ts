import { type FlagValues, INPUTS } from "./inputs.js";
import { firstExistingDir } from "./load.js";
import type { WriteOps } from "./pair-write.js";

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** What a command runs with: its flags and environment, where it prints, and how it writes files. */
export interface CommandContext {
  flags: FlagValues;
  env: NodeJS.ProcessEnv;
  io: CliIo;
  /** Where the registry is looked for when none is named. */
  defaultSetupDirs: readonly string[];
  /** How files are written; unset: the real file system (pair-write.ts). */
  writeOps?: WriteOps;
}

export function stringFlag(flags: FlagValues, name: string): string | undefined {
  const value = flags[name];
  return typeof value === "string" ? value : undefined;
}

/**
 * The registry to read: the one named, else the first default location that exists. Like upstream, a missing
 * default registry means no model-specific setup, not an error; unlike upstream, it is said on stderr.
 */
export async function setupDirFor(
  named: string | undefined,
  { io, defaultSetupDirs }: CommandContext,
): Promise<string | undefined> {
  if (named !== undefined) return named;
  const found = await firstExistingDir(defaultSetupDirs);
  if (found === undefined) {
    io.stderr(
      `openclaw-config: warning: ${INPUTS.setupDir.env} is unset and none of ${defaultSetupDirs.join(", ")} exists: no model-specific setup is applied; set ${INPUTS.setupDir.env} to the image context's model-specific-setup directory\n`,
    );
  }
  return found;
}
