/**
 * The commands that write a config: `generate` (stdout, or `--out FILE` with its sidecar) and `switch`. Every file
 * they read goes through the one safe reader; a config and its sidecar are written as one change (pair-write.ts);
 * and an existing `--out` is replaced only when that loses nothing: it is missing, empty, or exactly what this
 * tool wrote there last (its sidecar's hash), unless `--force`.
 */
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { canonicalJson, type RouteContext, sha256Hex } from "@model-setup/manifest";
import JSON5 from "json5";
import { BaseConflictError, baseToolSearch, mergeIntoBase } from "./base-merge.js";
import { type CommandContext, setupDirFor, stringFlag } from "./command.js";
import { InputFileError, readBaseConfig, readInputFile } from "./files.js";
import { appliesReasoningEffort, generateConfig } from "./generate.js";
import { INPUTS, resolveInputs, UsageError } from "./inputs.js";
import { loadMatchingRecords } from "./load.js";
import { assertNoPendingWrite } from "./pending.js";
import { diffConfigs } from "./provenance.js";
import { readSidecar, type Sidecar, sidecarPath, sidecarText, userSettingsOf } from "./sidecar.js";

const AGENT = "openclaw";

/** A config the CLI is about to write: its text, and the sidecar recording what it changed. */
interface Generated {
  route: RouteContext;
  text: string;
  /** Made when a file is written: a config printed to stdout has no sidecar. */
  sidecar: () => string;
  interventions: readonly string[];
}

/** Where the settings a config is generated on come from: a file (with the flag that named it), or nothing. */
interface Base {
  path: string;
  flag: "--base" | "--config";
  sidecar: Sidecar | undefined;
}

/**
 * Generates the route's config, merged into the base when given. A base the CLI wrote itself (it has a sidecar)
 * is first turned back into the user's own settings, so nothing of the route it was written for survives.
 */
async function generateFor(context: CommandContext, from: Base | undefined): Promise<Generated> {
  const { route, setupDir: named, options } = resolveInputs(context.flags, context.env);
  warnUnusedReasoningEffort(route, options.reasoningEffort, context);
  const base = from === undefined ? {} : await userSettingsFrom(from);
  const fromBase = baseToolSearch(base);
  if (fromBase !== undefined) options.userToolSearch = fromBase;
  const setupDir = await setupDirFor(named, context);
  const records = setupDir === undefined ? [] : await loadMatchingRecords(setupDir, AGENT, route);
  const config = generateConfig(route, records, options);
  const merged = from === undefined ? config : mergeWithBase(from, base, config);
  const interventions = records.map((record) => record.id);
  const text = canonicalJson(merged);
  return {
    route,
    text,
    sidecar: () =>
      sidecarText(
        route,
        interventions,
        diffConfigs(base, merged as Record<string, unknown>),
        sha256Hex(text),
      ),
    interventions,
  };
}

function warnUnusedReasoningEffort(
  route: RouteContext,
  effort: string | undefined,
  { io }: CommandContext,
): void {
  if (effort === undefined || appliesReasoningEffort(route, effort)) return;
  io.stderr(
    `openclaw-config: warning: ${INPUTS.reasoningEffort.env} is ignored on ${route.inferenceApi} routes: it is sent as reasoning_effort to openai-completions endpoints only\n`,
  );
}

/** The settings in the base that are the user's: all of it, minus what its sidecar says this CLI changed. */
async function userSettingsFrom({ path, flag, sidecar }: Base): Promise<Record<string, unknown>> {
  const config = await readBaseConfig(path, flag);
  return sidecar === undefined ? config : userSettingsOf(path, config, sidecar);
}

function mergeWithBase(from: Base, base: Record<string, unknown>, config: object): object {
  try {
    return mergeIntoBase(base, config);
  } catch (error) {
    if (error instanceof BaseConflictError)
      throw new InputFileError(`${from.flag} ${from.path}: ${error.message}`);
    throw error;
  }
}

/** Whether two paths name the same file (either may not exist yet). */
function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  const [first, second] = [a, b].map((path) => statSync(path, { throwIfNoEntry: false }));
  return first !== undefined && second !== undefined && first.dev === second.dev && first.ino === second.ino;
}

/**
 * Writes config and sidecar as one change. The writer is loaded here, when a file is written, not with the CLI: it
 * needs node:fs/promises and node:crypto, which would add their load time to every run that prints to stdout.
 */
async function writePair(file: string, generated: Generated, context: CommandContext): Promise<void> {
  const { writeConfigPair } = await import("./pair-write.js");
  await writeConfigPair(file, generated.text, generated.sidecar(), context.writeOps);
}

/** A config with nothing in it: an empty file, or `{}` (what mktemp or a placeholder leaves). */
function holdsNothing(text: string): boolean {
  if (text.trim() === "") return true;
  try {
    const value: unknown = JSON5.parse(text);
    return (
      value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0
    );
  } catch {
    return false;
  }
}

/**
 * `generate --out FILE` (not merging into FILE) replaces FILE whole, so it may only when nothing is lost: FILE is
 * missing or holds nothing, or it is byte for byte the config this tool last wrote there (its sidecar's hash).
 * Anything else holds settings the tool did not write: refused, naming the ways that keep them.
 */
function assertReplaceableOut(out: string, sidecar: Sidecar | undefined): void {
  const label = `--out ${out}`;
  const text = readInputFile(out, label, "pass a file path");
  if (text === undefined || holdsNothing(text)) return;
  const keep = `keep them by merging: generate --base ${out} --out ${out}, or move it to this route with switch --config ${out}; or pass --force to replace it whole`;
  if (sidecar === undefined) {
    throw new InputFileError(
      `${label} exists and openclaw-config did not write it (there is no ${sidecarPath(out)}), so replacing it would lose its settings: ${keep}. Nothing was written`,
    );
  }
  if (sidecar.schemaVersion === 1) {
    throw new InputFileError(
      `${label} was written by an older openclaw-config whose ${sidecarPath(out)} does not record what it wrote, so your edits since cannot be told apart and replacing it could lose them: ${keep}. Nothing was written`,
    );
  }
  if (sha256Hex(text) !== sidecar.configSha256) {
    throw new InputFileError(
      `${label} was changed since openclaw-config wrote it, so replacing it would lose those changes: ${keep}. Nothing was written`,
    );
  }
}

export async function generate(context: CommandContext): Promise<void> {
  const basePath = stringFlag(context.flags, "base");
  const out = stringFlag(context.flags, "out");
  if (basePath !== undefined) assertNoPendingWrite(basePath, `--base ${basePath}`);
  if (out !== undefined) assertNoPendingWrite(out, `--out ${out}`);
  const base: Base | undefined =
    basePath === undefined
      ? undefined
      : { path: basePath, flag: "--base", sidecar: await readSidecar(basePath) };
  const generated = await generateFor(context, base);
  if (out === undefined) {
    context.io.stdout(generated.text);
    return;
  }
  if (basePath === undefined || !sameFile(out, basePath)) {
    // A file where the sidecar goes that is not one is never overwritten: readSidecar refuses it.
    const outSidecar = await readSidecar(out);
    if (context.flags.force !== true) assertReplaceableOut(out, outSidecar);
  }
  await writePair(out, generated, context);
}

export async function switchRoute(context: CommandContext): Promise<void> {
  const file = stringFlag(context.flags, "config");
  if (file === undefined) throw new UsageError("switch needs --config FILE (the openclaw.json to move)");
  assertNoPendingWrite(file, `--config ${file}`);
  const before = await readSidecar(file);
  if (before === undefined) {
    throw new InputFileError(
      `--config ${file} has no ${sidecarPath(file)}, so what openclaw-config set up in it is unknown and switching could leave the old route's fixes behind: generate it once with openclaw-config generate --base <your own settings> --out ${file}, then switch`,
    );
  }
  const generated = await generateFor(context, { path: file, flag: "--config", sidecar: before });
  await writePair(file, generated, context);
  const list = (ids: readonly string[]) => (ids.length > 0 ? ids.join(", ") : "no interventions");
  context.io.stderr(
    `openclaw-config: switched ${file} from ${before.route.modelId} (${list(before.interventions)}) to ${generated.route.modelId} (${list(generated.interventions)})\n`,
  );
}
