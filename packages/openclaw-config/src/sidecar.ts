/**
 * The provenance sidecar: next to every config the CLI writes with --out, what it changed in it (OpenClaw's own
 * config schema is strict, so this cannot live inside openclaw.json). A later generation based on that config, and
 * `switch`, take those changes back out first, so a route's interventions never outlive the route.
 */
import {
  canonicalJson,
  interventionIdSchema,
  type RouteContext,
  routeContextSchema,
  tooDeep,
  tooDeepMessage,
} from "@model-setup/manifest";
import { z } from "zod";
import { InputFileError, readInputFile } from "./files.js";
import { type AmbiguousEdit, type Change, changeSchema, revertChanges } from "./provenance.js";

export const SIDECAR_SUFFIX = ".model-setup.json";
export const SIDECAR_SCHEMA_VERSION = 2;

const sidecarFields = {
  writtenBy: z.literal("@model-setup/openclaw-config"),
  /** The route the config was generated for, and the interventions applied to it. */
  route: routeContextSchema,
  interventions: z.array(interventionIdSchema),
  changes: z.array(changeSchema),
};

/**
 * Version 2 adds the sha256 of the config as written, so an edit made since can be told (generate --out refuses
 * to replace an edited config). Version 1 sidecars are still read: they lack the hash, so such a config counts as
 * possibly edited.
 */
export const sidecarSchema = z.discriminatedUnion("schemaVersion", [
  z.strictObject({ schemaVersion: z.literal(1), ...sidecarFields }),
  z.strictObject({
    schemaVersion: z.literal(SIDECAR_SCHEMA_VERSION),
    ...sidecarFields,
    configSha256: z.string().regex(/^[0-9a-f]{64}$/, "must be a sha256 in hex"),
  }),
]);
export type Sidecar = z.infer<typeof sidecarSchema>;

export function sidecarPath(configFile: string): string {
  return `${configFile}${SIDECAR_SUFFIX}`;
}

/** Beside the sidecar while a config and its sidecar are being replaced (see pair-write.ts and pending.ts). */
export function pendingPath(configFile: string): string {
  return `${configFile}.model-setup.pending`;
}

export function sidecarText(
  route: RouteContext,
  interventions: readonly string[],
  changes: Change[],
  configSha256: string,
): string {
  const sidecar: Sidecar = {
    schemaVersion: SIDECAR_SCHEMA_VERSION,
    writtenBy: "@model-setup/openclaw-config",
    route,
    interventions: [...interventions],
    changes,
    configSha256,
  };
  return canonicalJson(sidecar);
}

/** The config was edited where this tool wrote: taking its changes back out would mean guessing. */
export class AmbiguousEditError extends Error {
  readonly edits: readonly AmbiguousEdit[];

  constructor(configFile: string, edits: readonly AmbiguousEdit[]) {
    const lines = edits.map((edit) => `  - ${configFile}#${edit.pointer}: ${edit.message}`);
    super(
      `${configFile} was edited where openclaw-config wrote it, so the old route's setup cannot be taken out without guessing; nothing was written:\n${lines.join("\n")}`,
    );
    this.name = "AmbiguousEditError";
    this.edits = edits;
  }
}

/** The sidecar of `configFile`; undefined when there is none. A sidecar that is not ours is refused. */
export async function readSidecar(configFile: string): Promise<Sidecar | undefined> {
  const file = sidecarPath(configFile);
  const fix = `it records what openclaw-config wrote into ${configFile}; restore it, or delete both and generate ${configFile} again from your own settings`;
  const text = readInputFile(file, file, fix);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputFileError(`${file} is not valid JSON (${(error as Error).message}): ${fix}`);
  }
  // Before the schema: validating a hostile nesting depth would overflow the stack.
  const deep = tooDeep(value);
  if (deep !== undefined) throw new InputFileError(`${file}#${deep}: ${tooDeepMessage(deep)}: ${fix}`);
  const parsed = sidecarSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputFileError(
      `${file}#/${issue?.path.join("/") ?? ""}: ${issue?.message ?? "invalid"}: ${fix}`,
    );
  }
  return parsed.data;
}

/** The user's own config: `config` with the sidecar's changes taken back out, or the places that forbid it. */
export function userSettingsOf(
  configFile: string,
  config: Record<string, unknown>,
  sidecar: Sidecar,
): Record<string, unknown> {
  const context = `openclaw-config (for ${sidecar.route.modelId})`;
  const reverted = revertChanges(config, sidecar.changes, context);
  if ("ambiguous" in reverted) throw new AmbiguousEditError(configFile, reverted.ambiguous);
  return reverted.config;
}
