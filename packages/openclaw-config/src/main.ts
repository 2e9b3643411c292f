import { parseArgs } from "node:util";
import { canonicalJson, ProblemsError } from "@model-setup/manifest";
import { type CliIo, type CommandContext, setupDirFor } from "./command.js";
import { explainRoute, formatExplanation } from "./explain.js";
import { InputFileError } from "./files.js";
import { EffectConflictError } from "./generate.js";
import { type FlagValues, INPUTS, resolveInputs, shown, UsageError } from "./inputs.js";
import { DEFAULT_SETUP_DIRS, loadRegistry, SetupDirError } from "./load.js";
import type { WriteOps } from "./pair-write.js";
import { AmbiguousEditError, SIDECAR_SUFFIX } from "./sidecar.js";
import { generate, switchRoute } from "./write-commands.js";

export type { CliIo } from "./command.js";

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
                         (what was changed in FILE; a later --base FILE or switch takes it back out first).
                         An existing FILE is replaced only when it is empty or exactly what openclaw-config
                         last wrote there; to keep what else it holds, use --base FILE --out FILE or switch
  --force                replace an existing --out FILE whole, even with settings openclaw-config did not write
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
  force: { type: "boolean" },
  config: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

const COMMANDS = ["generate", "explain", "switch"];

/** Flags that belong to one command only, and the command. */
const OWN_FLAGS: Record<string, string> = {
  base: "generate",
  out: "generate",
  force: "generate",
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
  if (rest.length > 0) throw new UsageError(`unexpected argument ${shown(rest[0] ?? "")}`);
  if (!COMMANDS.includes(command)) {
    throw new UsageError(`unknown command ${shown(command)}: use ${COMMANDS.join(", ")}`);
  }
  return { command, flags: parsed.values };
}

async function explain(context: CommandContext): Promise<void> {
  const { route, setupDir: named, options } = resolveInputs(context.flags, context.env);
  const setupDir = await setupDirFor(named, context);
  const registry = setupDir === undefined ? undefined : await loadRegistry(setupDir);
  const explanation = explainRoute(registry?.interventions ?? [], AGENT, route, options, registry?.openclaw);
  context.io.stdout(context.flags.json ? canonicalJson(explanation) : formatExplanation(explanation));
}

/**
 * Runs the CLI; returns the exit code. Nothing is written when anything fails. `writeOps` is the seam through which
 * tests make a file operation fail, or stop as a dying process would.
 */
export async function runCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  io: CliIo = processIo,
  defaultSetupDirs: readonly string[] = DEFAULT_SETUP_DIRS,
  writeOps?: WriteOps,
): Promise<number> {
  try {
    const { command, flags } = parse(argv);
    if (flags.help) {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    assertFlagsOf(command, flags);
    const context: CommandContext = { flags, env, io, defaultSetupDirs, ...(writeOps ? { writeOps } : {}) };
    if (command === "explain") await explain(context);
    else if (command === "switch") await switchRoute(context);
    else await generate(context);
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
