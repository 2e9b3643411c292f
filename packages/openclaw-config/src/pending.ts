/**
 * The pending marker of a pair write (pair-write.ts): `<file>.model-setup.pending`, present only while a config and
 * its sidecar are being renamed into place. Found by a later run, it means that write never finished: the run
 * stops and says, from what is on disk now, whether anything changed and which commands finish or undo it. The
 * marker is never acted on automatically: another run may still be writing, and only the user knows whether the
 * files have been touched since.
 */
import { canonicalJson, decodeJson, sha256Hex } from "@model-setup/manifest";
import { z } from "zod";
import { InputFileError, readInputFile } from "./files.js";
import { pendingPath } from "./sidecar.js";

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "must be a sha256 in hex");

export const pendingSchema = z.strictObject({
  writtenBy: z.literal("@model-setup/openclaw-config"),
  /** The process writing; while it runs, the marker is its and not a leftover. */
  pid: z.number().int().positive(),
  /** Absolute paths: the file written, its new content's temporary file and hash, and the previous file kept. */
  config: z.strictObject({ path: z.string(), temp: z.string(), backup: z.string().nullable(), sha256 }),
  sidecar: z.strictObject({ path: z.string(), temp: z.string(), sha256 }),
});
export type PendingWrite = z.infer<typeof pendingSchema>;

export function pendingText(pending: PendingWrite): string {
  return canonicalJson(pending);
}

/** A path as a shell word, so the commands in a message can be pasted as they are. */
const quote = (path: string) => `'${path.replaceAll("'", `'\\''`)}'`;
const rmList = (paths: readonly (string | null)[]) =>
  `rm -f ${paths
    .filter((path): path is string => path !== null)
    .map(quote)
    .join(" ")}`;

/** The hash of a file now; null when it does not exist, "unreadable" when it cannot be read. */
function hashNow(path: string | null): string | null {
  if (path === null) return null;
  try {
    const text = readInputFile(path, path, "");
    return text === undefined ? null : sha256Hex(text);
  } catch {
    return "unreadable";
  }
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === "EPERM";
  }
}

/** What is on disk now, and how to get back to a config and sidecar that belong together. */
function recovery(pending: PendingWrite, marker: string): string {
  const { config, sidecar } = pending;
  const configNow = hashNow(config.path);
  const sidecarNow = hashNow(sidecar.path);
  if (configNow === config.sha256 && sidecarNow === sidecar.sha256) {
    return `both files were written, only the marker is left: finish with ${rmList([config.backup, marker])}`;
  }
  if (configNow === config.sha256) {
    const undo =
      config.backup === null
        ? `${rmList([config.path, sidecar.temp, marker])} (there was no config before)`
        : `mv ${quote(config.backup)} ${quote(config.path)} && ${rmList([sidecar.temp, marker])}`;
    const finish =
      hashNow(sidecar.temp) === sidecar.sha256
        ? `finish the change with mv ${quote(sidecar.temp)} ${quote(sidecar.path)} && ${rmList([config.backup, marker])}, or `
        : "";
    return `${config.path} holds the new config but ${sidecar.path} still records the previous one, so they do not belong together: ${finish}undo it with ${undo}`;
  }
  if (configNow === hashNow(config.backup)) {
    return `nothing was changed: remove what it left with ${rmList([config.temp, sidecar.temp, config.backup, marker])}`;
  }
  return `${config.path} was changed after that run, so which state it is in cannot be told: its previous version is ${config.backup ?? "(none)"}, the new config ${config.temp} and the new record ${sidecar.temp}; keep the one you want, then ${rmList([marker])}`;
}

/**
 * Refuses to go on when `file`'s last pair write did not finish (its marker is there), saying how to recover.
 * `label` is how the user named the file (`--out FILE`, `--config FILE`, `--base FILE`).
 */
export function assertNoPendingWrite(file: string, label: string): void {
  const marker = pendingPath(file);
  const text = readInputFile(marker, marker, "delete it if it is yours, else move it away");
  if (text === undefined) return;
  const stopped = `${label}: an openclaw-config run has not finished replacing it and its sidecar (${marker} is there)`;
  const decoded = decodeJson(text, marker);
  const parsed = decoded.ok ? pendingSchema.safeParse(decoded.value) : undefined;
  if (!parsed?.success) {
    // The marker is complete before the first rename, so a damaged one means nothing was renamed.
    throw new InputFileError(
      `${stopped}, and the marker cannot be read: it was interrupted while writing the marker, before changing anything, so delete ${marker} (and any .${file.split("/").pop()}.*.tmp beside it); nothing was written`,
    );
  }
  const running = isRunning(parsed.data.pid)
    ? `; if process ${parsed.data.pid} is still running, wait for it and run again, otherwise`
    : "; it was interrupted";
  throw new InputFileError(`${stopped}${running}: ${recovery(parsed.data, marker)}. Nothing was written`);
}
