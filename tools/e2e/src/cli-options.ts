/**
 * `pnpm e2e`'s command line, parsed into one typed command (pure: no file is read, nothing runs). A run hands the
 * case runner (test/cases.e2e.ts) one {@link RunnerOptions} value, as JSON in `E2E_RUN`, instead of a variable per
 * option.
 */
import { parseArgs } from "node:util";
import { z } from "zod";

/** What the case runner needs of one release's run. */
export const RunnerOptions = z.strictObject({
  release: z.string(),
  /** Exact intervention ids or case names; none: every case. */
  filters: z.array(z.string()),
  /** `i/n`: the interventions of shard i of n (src/shard.ts says what is wrong with one). */
  shard: z.string().optional(),
  /** Every case with a cold OpenClaw of its own (no gateway batch). */
  cold: z.boolean(),
  /** Where each case's phases are appended (JSON lines). */
  timingsFile: z.string().optional(),
  /** Where the necessity runs are appended; set, every positive case also runs without its intervention. */
  necessityFile: z.string().optional(),
});
export type RunnerOptions = z.infer<typeof RunnerOptions>;

/** The variable that carries {@link RunnerOptions} to the runner. */
export const RUNNER_OPTIONS_ENV = "E2E_RUN";

/** The runner's options: `E2E_RUN` as the CLI wrote it, or every case on the newest release. */
export function runnerOptionsFrom(env: NodeJS.ProcessEnv, newest: string): RunnerOptions {
  const given = env[RUNNER_OPTIONS_ENV];
  if (!given) return { release: newest, filters: [], cold: false };
  const parsed = RunnerOptions.safeParse(JSON.parse(given));
  if (!parsed.success)
    throw new Error(`${RUNNER_OPTIONS_ENV} is not the e2e runner's options: ${parsed.error.message}`);
  return parsed.data;
}

export const USAGE = [
  "usage: pnpm e2e [--filter <intervention-id|case-name>]... [--openclaw <version>|all] [--necessity [--docs]] [--shard i/n] [--cold] [--no-build] [--timings FILE]",
  "       pnpm e2e --plan [--openclaw <version>] [--no-build]",
  "       pnpm e2e --lifecycle-from <artefacts-dir|necessity-runs.jsonl>... [--docs] [--no-build]",
].join("\n");

/** `--help`: the usage, then what each flag does (docs/e2e.md has the rest). */
export function helpText(releases: readonly string[]): string {
  return `${USAGE}

Builds what the cases consume (a turbo cache hit when nothing changed), then runs every intervention's e2e cases on
the real OpenClaw. Cases are discovered in the workspace; see docs/e2e.md.

  --filter ID|CASE      only this intervention's cases, or this one case (exact names; repeatable)
  --openclaw VERSION    one supported OpenClaw release (${releases.join(", ")}; default the newest), or all: each in turn
  --cold                every case with a cold OpenClaw of its own (no batch through one gateway)
  --necessity           also run each positive case without its intervention; writes the lifecycle table
  --docs                with --necessity --openclaw all (or --lifecycle-from): write that table into docs/openclaw-releases.md
  --shard i/n           only the interventions of shard i of n (whole interventions, balanced by case count)
  --timings FILE        write the suite's wall time and every case's phases to FILE (pnpm bench reads it)
  --no-build            skip the build step (what the cases read must be built already)
  --plan                run no case: write each intervention's e2e plan (what turbo hashes for its cached e2e task)
  --lifecycle-from P... run no case: merge the necessity runs earlier jobs recorded into one lifecycle table
  --help, -h            this text`;
}

/** One run of the cases on each of `releases`. */
export interface RunCommand {
  kind: "run";
  build: boolean;
  releases: string[];
  filters: string[];
  shard?: string;
  cold: boolean;
  necessity: boolean;
  docs: boolean;
  timingsFile?: string;
}

export type E2ECommand =
  | { kind: "help" }
  | { kind: "plan"; build: boolean; release: string }
  | { kind: "merge"; build: boolean; sources: string[]; docs: boolean }
  | RunCommand;

/**
 * A command, or why the line is not one (exit 64, the usage after it). Without `--openclaw` the cases run on
 * `fallback` (turbo's e2e tasks pass `E2E_OPENCLAW`, which their hash includes), else on the newest release.
 */
export function parseCommand(
  argv: string[],
  releases: readonly string[],
  fallback?: string,
): { command: E2ECommand } | { error: string } {
  let values: ReturnType<typeof parse>["values"];
  try {
    ({ values } = parse(argv.filter((arg) => arg !== "--")));
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { command: { kind: "help" } };
  const filters = values.filter ?? [];
  const sources = values["lifecycle-from"] ?? [];
  const { openclaw, shard, timings, necessity = false, docs = false, plan = false, cold = false } = values;
  const build = values["no-build"] !== true;
  if ([...filters, ...sources, timings ?? "x", openclaw ?? "x", shard ?? "x"].some((value) => value === ""))
    return { error: "--filter, --lifecycle-from, --timings, --openclaw and --shard need a value" };
  if (openclaw !== undefined && openclaw !== "all" && !releases.includes(openclaw))
    return { error: `--openclaw ${openclaw} is not a supported release (${releases.join(", ")}, or all)` };
  if (sources.length > 0) {
    if (necessity || plan || shard !== undefined || timings || openclaw !== undefined || filters.length > 0)
      return { error: "--lifecycle-from only merges the runs earlier jobs recorded; it runs no case" };
    return { command: { kind: "merge", build, sources, docs } };
  }
  if (docs && (!necessity || openclaw !== "all" || filters.length > 0))
    return { error: "--docs writes the whole table: pass --necessity --openclaw all and no --filter" };
  if (shard !== undefined && (docs || plan || timings))
    return { error: "--shard runs part of the cases; --docs, --plan and --timings need all of them" };
  if (fallback !== undefined && !releases.includes(fallback))
    return { error: `E2E_OPENCLAW=${fallback} is not a supported release (${releases.join(", ")})` };
  const newest = fallback ?? releases.at(-1) ?? "";
  if (plan) {
    if (openclaw === "all" || necessity || timings || filters.length > 0)
      return { error: "--plan writes the plans of every intervention for one release" };
    return { command: { kind: "plan", build, release: openclaw ?? newest } };
  }
  if (openclaw === "all" && timings)
    return { error: "--timings times one release; pass --openclaw <version>" };
  return {
    command: {
      kind: "run",
      build,
      releases: openclaw === "all" ? [...releases] : [openclaw ?? newest],
      filters,
      ...(shard === undefined ? {} : { shard }),
      cold,
      necessity,
      docs,
      ...(timings === undefined ? {} : { timingsFile: timings }),
    },
  };
}

function parse(args: string[]) {
  return parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      filter: { type: "string", multiple: true },
      openclaw: { type: "string" },
      necessity: { type: "boolean" },
      docs: { type: "boolean" },
      shard: { type: "string" },
      cold: { type: "boolean" },
      "no-build": { type: "boolean" },
      timings: { type: "string" },
      plan: { type: "boolean" },
      "lifecycle-from": { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
  });
}
