import { parseArgs } from "node:util";
import { canonicalJson, ProblemsError, type RouteContext } from "@model-setup/manifest";
import { BaseConflictError, baseToolSearch, mergeIntoBase } from "./base-merge.js";
import { explainRoute, formatExplanation } from "./explain.js";
import { InputFileError, readBaseConfig, writeFileAtomic } from "./files.js";
import { appliesReasoningEffort, EffectConflictError, generateConfig } from "./generate.js";
import { type FlagValues, INPUTS, resolveInputs, UsageError } from "./inputs.js";
import {
  DEFAULT_SETUP_DIRS,
  firstExistingDir,
  loadMatchingRecords,
  loadRegistry,
  SetupDirError,
} from "./load.js";
import { diffConfigs } from "./provenance.js";
import {
  AmbiguousEditError,
  readSidecar,
  SIDECAR_SUFFIX,
  type Sidecar,
  sidecarPath,
  sidecarText,
  userSettingsOf,
} from "./sidecar.js";

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

const AGENT = "openclaw";

export const USAGE = `Usage:
  openclaw-config [generate] [options]   write openclaw.json for the route (stdout, or --out FILE)
  openclaw-config explain [options]      show which interventions match the route and why
  openclaw-config switch --config FILE [options]
                                         move FILE (written by generate --out) to the route: take out what
                                         was set up for its old route, apply the new route's, keep your own
  openclaw-config --help

Route and model (flag, else environment variable; flags win):
  --model                NEMOCLAW_MODEL                       routed model id (required)
  --provider-key         NEMOCLAW_INFERENCE_PROVIDER_ID       provider entry key, e.g. inference (required;
                         (else NEMOCLAW_PROVIDER_KEY)           the older variable is read when the first is unset)
  --api                  NEMOCLAW_INFERENCE_API               e.g. openai-completions (required)
  --base-url             NEMOCLAW_INFERENCE_BASE_URL          e.g. https://inference.local/v1 (required)
  --upstream-provider    NEMOCLAW_UPSTREAM_PROVIDER           which upstream serves the route, e.g. nvidia-prod
  --setup-dir            NEMOCLAW_MODEL_SPECIFIC_SETUP_DIR    the built model-specific-setup directory; unset: the
                                                              first existing of ${DEFAULT_SETUP_DIRS.join(",\n                                                              ")}
                                                              (none: nothing applied, with a warning)
  --primary-model-ref    NEMOCLAW_PRIMARY_MODEL_REF           default <provider-key>/<model>
  --compat-b64           NEMOCLAW_INFERENCE_COMPAT_B64        base64 JSON object of extra model compat
  --inputs               NEMOCLAW_INFERENCE_INPUTS            comma list, default text
  --context-window       NEMOCLAW_CONTEXT_WINDOW              positive integer, default 131072
  --max-tokens           NEMOCLAW_MAX_TOKENS                  positive integer, default 4096
  --reasoning            NEMOCLAW_REASONING                   true|false, default false
  --reasoning-effort     NEMOCLAW_REASONING_EFFORT            none|minimal|low|medium|high|xhigh: sent as the
                                                              request's reasoning_effort (openai-completions only)
  --tool-disclosure      NEMOCLAW_TOOL_DISCLOSURE             direct (Tool Search off; no intervention turns it
                                                              back on) or search (default: an intervention's
                                                              choice, else structured Tool Search)
  --api-key              NEMOCLAW_API_KEY                     provider apiKey; omitted when unset

generate:
  --base FILE            deep-merge into this existing openclaw.json (JSON5; unrelated keys, other models and
                         plugins are kept, generated plugins join a non-empty plugins.allow)
  --out FILE             write atomically to FILE instead of stdout, and beside it FILE${SIDECAR_SUFFIX}
                         (what was changed in FILE; a later --base FILE or switch takes it back out first)
switch:
  --config FILE          the openclaw.json to move to the new route, in place (needs its .model-setup.json)
explain:
  --json                 machine-readable output

Exit codes: 0 ok, 1 failure (registry missing or invalid, conflicting interventions), 2 usage (bad flag or variable).
`;

const ROUTE_FLAGS = Object.fromEntries(
  Object.values(INPUTS).map((spec) => [spec.flag.slice(2), { type: "string" as const }]),
);

const OPTIONS = {
  ...ROUTE_FLAGS,
  base: { type: "string" },
  out: { type: "string" },
  config: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

const COMMANDS = ["generate", "explain", "switch"];

/** Flags that belong to one command only, and the command. */
const OWN_FLAGS: Record<string, string> = {
  base: "generate",
  out: "generate",
  config: "switch",
  json: "explain",
};

function assertFlagsOf(command: string, flags: FlagValues): void {
  for (const [flag, owner] of Object.entries(OWN_FLAGS)) {
    if (owner !== command && flags[flag] !== undefined) {
      throw new UsageError(`--${flag} belongs to ${owner}, not ${command}`);
    }
  }
}

function parse(argv: readonly string[]): { command: string; flags: FlagValues } {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; see openclaw-config --help`);
  }
  const [command = "generate", ...rest] = parsed.positionals;
  if (rest.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}`);
  if (!COMMANDS.includes(command)) {
    throw new UsageError(`unknown command ${JSON.stringify(command)}: use ${COMMANDS.join(", ")}`);
  }
  return { command, flags: parsed.values };
}

function stringFlag(flags: FlagValues, name: string): string | undefined {
  const value = flags[name];
  return typeof value === "string" ? value : undefined;
}

/**
 * The registry to read: the one named, else the first default location that exists. Like upstream, a missing
 * default registry means no model-specific setup, not an error; unlike upstream, it is said on stderr.
 */
async function setupDirFor(
  named: string | undefined,
  io: CliIo,
  defaults: readonly string[],
): Promise<string | undefined> {
  if (named !== undefined) return named;
  const found = await firstExistingDir(defaults);
  if (found === undefined) {
    io.stderr(
      `openclaw-config: warning: ${INPUTS.setupDir.env} is unset and none of ${defaults.join(", ")} exists: no model-specific setup is applied; set ${INPUTS.setupDir.env} to the image context's model-specific-setup directory\n`,
    );
  }
  return found;
}

/** A config the CLI is about to write: its text, and the sidecar recording what it changed. */
interface Generated {
  route: RouteContext;
  text: string;
  sidecar: string;
  interventions: readonly string[];
}

/**
 * Generates the route's config, merged into `base` when given. A base the CLI wrote itself (it has a sidecar) is
 * first turned back into the user's own settings, so nothing of the route it was written for survives.
 */
async function generateFor(
  flags: FlagValues,
  env: NodeJS.ProcessEnv,
  io: CliIo,
  defaults: readonly string[],
  basePath: string | undefined,
  baseSidecar: Sidecar | undefined,
): Promise<Generated> {
  const { route, setupDir: named, options } = resolveInputs(flags, env);
  warnUnusedReasoningEffort(route, options.reasoningEffort, io);
  const base = basePath === undefined ? {} : await userSettingsFrom(basePath, baseSidecar);
  const fromBase = baseToolSearch(base);
  if (fromBase !== undefined) options.userToolSearch = fromBase;
  const setupDir = await setupDirFor(named, io, defaults);
  const records = setupDir === undefined ? [] : await loadMatchingRecords(setupDir, AGENT, route);
  const config = generateConfig(route, records, options);
  const merged = basePath === undefined ? config : mergeWithBase(basePath, base, config);
  const interventions = records.map((record) => record.id);
  const changes = diffConfigs(base, merged as Record<string, unknown>);
  return {
    route,
    text: canonicalJson(merged),
    sidecar: sidecarText(route, interventions, changes),
    interventions,
  };
}

function warnUnusedReasoningEffort(route: RouteContext, effort: string | undefined, io: CliIo): void {
  if (effort === undefined || appliesReasoningEffort(route, effort)) return;
  io.stderr(
    `openclaw-config: warning: ${INPUTS.reasoningEffort.env} is ignored on ${route.inferenceApi} routes: it is sent as reasoning_effort to openai-completions endpoints only\n`,
  );
}

/** The settings in `file` that are the user's: all of it, minus what its sidecar says this CLI changed. */
async function userSettingsFrom(
  file: string,
  sidecar: Sidecar | undefined,
): Promise<Record<string, unknown>> {
  const config = await readBaseConfig(file);
  return sidecar === undefined ? config : userSettingsOf(file, config, sidecar);
}

/** The config, then its sidecar: a crash in between leaves a sidecar that no longer fits, which is refused. */
async function writeWithSidecar(file: string, generated: Generated): Promise<void> {
  await writeFileAtomic(file, generated.text);
  await writeFileAtomic(sidecarPath(file), generated.sidecar);
}

async function generate(
  flags: FlagValues,
  env: NodeJS.ProcessEnv,
  io: CliIo,
  defaults: readonly string[],
): Promise<void> {
  const basePath = stringFlag(flags, "base");
  const baseSidecar = basePath === undefined ? undefined : await readSidecar(basePath);
  const generated = await generateFor(flags, env, io, defaults, basePath, baseSidecar);
  const out = stringFlag(flags, "out");
  if (out === undefined) {
    io.stdout(generated.text);
    return;
  }
  // A file where the sidecar goes that is not one is never overwritten: readSidecar refuses it (the base's was
  // read above already).
  if (out !== basePath) await readSidecar(out);
  await writeWithSidecar(out, generated);
}

async function switchRoute(
  flags: FlagValues,
  env: NodeJS.ProcessEnv,
  io: CliIo,
  defaults: readonly string[],
): Promise<void> {
  const file = stringFlag(flags, "config");
  if (file === undefined) throw new UsageError("switch needs --config FILE (the openclaw.json to move)");
  const before = await readSidecar(file);
  if (before === undefined) {
    throw new InputFileError(
      `--config ${file} has no ${sidecarPath(file)}, so what openclaw-config set up in it is unknown and switching could leave the old route's fixes behind: generate it once with openclaw-config generate --base <your own settings> --out ${file}, then switch`,
    );
  }
  const generated = await generateFor(flags, env, io, defaults, file, before);
  await writeWithSidecar(file, generated);
  const list = (ids: readonly string[]) => (ids.length > 0 ? ids.join(", ") : "no interventions");
  io.stderr(
    `openclaw-config: switched ${file} from ${before.route.modelId} (${list(before.interventions)}) to ${generated.route.modelId} (${list(generated.interventions)})\n`,
  );
}

function mergeWithBase(basePath: string, base: Record<string, unknown>, config: object): object {
  try {
    return mergeIntoBase(base, config);
  } catch (error) {
    if (error instanceof BaseConflictError) throw new InputFileError(`--base ${basePath}: ${error.message}`);
    throw error;
  }
}

async function explain(
  flags: FlagValues,
  env: NodeJS.ProcessEnv,
  io: CliIo,
  defaults: readonly string[],
): Promise<void> {
  const { route, setupDir: named, options } = resolveInputs(flags, env);
  const setupDir = await setupDirFor(named, io, defaults);
  const registry = setupDir === undefined ? undefined : await loadRegistry(setupDir);
  const explanation = explainRoute(registry?.interventions ?? [], AGENT, route, options, registry?.openclaw);
  io.stdout(flags.json ? canonicalJson(explanation) : formatExplanation(explanation));
}

/** Runs the CLI; returns the exit code. Nothing is written when anything fails. */
export async function runCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  io: CliIo = processIo,
  defaultSetupDirs: readonly string[] = DEFAULT_SETUP_DIRS,
): Promise<number> {
  try {
    const { command, flags } = parse(argv);
    if (flags.help) {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    assertFlagsOf(command, flags);
    if (command === "explain") await explain(flags, env, io, defaultSetupDirs);
    else if (command === "switch") await switchRoute(flags, env, io, defaultSetupDirs);
    else await generate(flags, env, io, defaultSetupDirs);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError || error instanceof InputFileError) {
      io.stderr(`openclaw-config: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (
      error instanceof SetupDirError ||
      error instanceof ProblemsError ||
      error instanceof EffectConflictError ||
      error instanceof AmbiguousEditError
    ) {
      io.stderr(`openclaw-config: ${error.message}\n`);
      return EXIT_FAILURE;
    }
    io.stderr(`openclaw-config: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT_FAILURE;
  }
}
