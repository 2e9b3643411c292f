/**
 * Writing a config and its sidecar as one change: both, or neither. Each is written to a temporary file in its own
 * destination folder first (so a folder that cannot be written fails before anything changes), both targets are
 * checked to be replaceable, the config's current file is kept under a backup name (a hard link), a pending marker
 * records all of it, and only then are the two files renamed into place. A failed second rename puts the backup
 * back; a process that dies between the renames leaves the marker, which the next run reads (see pending.ts) and
 * turns into a message saying exactly how to finish or undo the change.
 */
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { chmod, copyFile, link, lstat, open, realpath, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { sha256Hex } from "@model-setup/manifest";
import { InputFileError } from "./files.js";
import { type PendingWrite, pendingText } from "./pending.js";
import { pendingPath, sidecarPath } from "./sidecar.js";

/**
 * The file operations of a pair write. Tests replace them to make one step fail, or never return (which is what
 * a process dying at that step looks like to the files); everything else uses {@link NODE_WRITE_OPS}.
 */
export interface WriteOps {
  /** Creates `path` (it must not exist) with `content` and `mode`, flushed to disk. */
  writeNew(path: string, content: string, mode: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
}

export const NODE_WRITE_OPS: WriteOps = {
  async writeNew(path, content, mode) {
    const handle = await open(path, "wx", mode);
    try {
      await handle.writeFile(content, "utf8");
      // Explicit: the mode given at creation is filtered by the umask.
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  rename: (from, to) => rename(from, to),
};

const code = (error: unknown) => (error as { code?: string }).code;

/** Where writing `file` lands: the file itself, or, for a symbolic link, the file it points to. */
async function writeTarget(file: string): Promise<string> {
  const isLink = await lstat(file).then(
    (stats) => stats.isSymbolicLink(),
    () => false,
  );
  if (!isLink) return file;
  try {
    return await realpath(file);
  } catch {
    throw new InputFileError(`${file} is a link to a missing file: point it at a file or pass another path`);
  }
}

/** The mode an existing target keeps (undefined: none exists). Anything but a regular file cannot be replaced. */
async function existingMode(target: string, shown: string): Promise<number | undefined> {
  const info = await stat(target).catch((error: unknown) => {
    if (code(error) === "ENOENT") return undefined;
    throw new InputFileError(`${shown} cannot be replaced (${code(error)}): pass a path you can write`);
  });
  if (info === undefined) return undefined;
  if (!info.isFile()) {
    throw new InputFileError(
      `${shown} cannot be replaced: it is not a regular file (a folder, FIFO, socket or device); nothing was changed`,
    );
  }
  return info.mode & 0o777;
}

const tempBeside = (target: string, kind: string) =>
  join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString("hex")}.${kind}`);

/** A hard link keeps the old config (mode, owner, bytes) at no cost; a copy where links are not allowed. */
async function keepBackup(target: string, backup: string, mode: number): Promise<void> {
  try {
    await link(target, backup);
  } catch {
    await copyFile(target, backup, constants.COPYFILE_EXCL);
    await chmod(backup, mode);
  }
}

/** Removes this run's own temporary files; a failure to is left for the next run to report (never thrown). */
const removeAll = (paths: readonly (string | undefined)[]) =>
  Promise.all(
    paths.map((path) => (path === undefined ? undefined : rm(path, { force: true }).catch(() => undefined))),
  );

interface Target {
  /** As the user named it, for messages. */
  shown: string;
  path: string;
  temp: string;
  content: string;
  mode: number | undefined;
}

async function prepare(shown: string, content: string): Promise<Target> {
  // Absolute: the marker's paths must mean the same files to a later run started elsewhere.
  const path = resolve(await writeTarget(shown));
  const mode = await existingMode(path, shown);
  return { shown, path, temp: tempBeside(path, "tmp"), content, mode };
}

function cannotWrite(shown: string, error: unknown): InputFileError {
  return new InputFileError(
    `${shown} cannot be written (${code(error) ?? (error as Error).message}): pass a path in an existing folder you can write; nothing was changed`,
  );
}

/**
 * Writes `config` to `file` and `sidecar` to its sidecar path as one change (see the module comment). A symbolic
 * link is written through (the file it points to is replaced, the link stays); a new file gets mode 0600 (as
 * upstream writes openclaw.json), an existing one keeps its mode. Every failure is an {@link InputFileError}
 * naming the file, after which neither file has changed.
 */
export async function writeConfigPair(
  file: string,
  config: string,
  sidecar: string,
  ops: WriteOps = NODE_WRITE_OPS,
): Promise<void> {
  const targets = [await prepare(file, config), await prepare(sidecarPath(file), sidecar)] as const;
  const [configTarget, sidecarTarget] = targets;
  if (configTarget.path === sidecarTarget.path) {
    throw new InputFileError(
      `${sidecarTarget.shown} leads to ${file} itself: make the sidecar a file of its own`,
    );
  }
  const written: string[] = [];
  for (const target of targets) {
    try {
      await ops.writeNew(target.temp, target.content, target.mode ?? 0o600);
      written.push(target.temp);
    } catch (error) {
      await removeAll([...written, target.temp]);
      throw cannotWrite(target.shown, error);
    }
  }
  const marker = pendingPath(file);
  const backup = configTarget.mode === undefined ? undefined : tempBeside(configTarget.path, "bak");
  try {
    if (backup !== undefined) await keepBackup(configTarget.path, backup, configTarget.mode ?? 0o600);
    const pending: PendingWrite = {
      writtenBy: "@model-setup/openclaw-config",
      pid: process.pid,
      config: {
        path: configTarget.path,
        temp: configTarget.temp,
        backup: backup ?? null,
        sha256: sha256Hex(config),
      },
      sidecar: { path: sidecarTarget.path, temp: sidecarTarget.temp, sha256: sha256Hex(sidecar) },
    };
    await NODE_WRITE_OPS.writeNew(marker, pendingText(pending), 0o600);
  } catch (error) {
    await removeAll([...written, backup]);
    if (code(error) === "EEXIST") {
      throw new InputFileError(
        `${file}: another openclaw-config run started writing it meanwhile (${marker} exists); nothing was changed: run again once it is done`,
      );
    }
    throw cannotWrite(marker, error);
  }
  await placePair(configTarget, sidecarTarget, backup, marker, ops);
}

/** The two renames, and the way back when the second fails. The marker goes only once the pair is consistent. */
async function placePair(
  config: Target,
  sidecar: Target,
  backup: string | undefined,
  marker: string,
  ops: WriteOps,
): Promise<void> {
  try {
    await ops.rename(config.temp, config.path);
  } catch (error) {
    await removeAll([config.temp, sidecar.temp, backup, marker]);
    throw cannotWrite(config.shown, error);
  }
  try {
    await ops.rename(sidecar.temp, sidecar.path);
  } catch (error) {
    const undone = await (backup === undefined ? rm(config.path) : rename(backup, config.path)).then(
      () => true,
      () => false,
    );
    if (!undone) {
      // The marker stays: the next run explains how to finish or undo the change by hand.
      throw new InputFileError(
        `${sidecar.shown} cannot be written (${code(error)}) and ${config.shown} could not be put back; ${marker} says how to recover: run openclaw-config again to see it`,
      );
    }
    await removeAll([sidecar.temp, marker]);
    throw cannotWrite(sidecar.shown, error);
  }
  // The pair is consistent now; a backup or marker left by a failure here is reported by the next run.
  await removeAll([backup, marker]);
}
