#!/usr/bin/env node
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { cliStartupRows } from "./cli-startup.js";
import { e2eRows } from "./e2e.js";
import { interventionDirs, registryBench } from "./registry.js";
import { BenchError, checkedRow, type Row } from "./rows.js";
import { defaultSizes, parseSizes } from "./sizes.js";
import { formatPhases, formatTable } from "./table.js";
import { packageBenches, runPackageBench } from "./vitest-benches.js";

const USAGE = `usage: node dist/run.js [--sizes N,N,...] [--smoke] [--no-registry] [--no-turbo] [--no-packages] [--no-cli]
                        [--no-e2e] [--runs N] [--upstream-generator FILE] [--out FILE]

Registry build at scale in a cloned, offline-installed workspace (turbo cold/warm/one change, builder CLI
without cache/warm cache/one change), then the package benches (vitest bench) with a JSON report each, then
openclaw-config's whole-process time beside a bare node, then bare agent turns and one gateway's turns
(src/baselines), then the e2e suite on the real OpenClaw (pnpm e2e --timings) against them. Prints one table and writes JSON (default <repo>/bench-results/bench.json).

Sizes: the number of interventions in this workspace, then the two powers of ten from twice that up; --sizes or
the environment variable BENCH_SIZES (which wins) give others, none below the real number.
--smoke: the smallest size only, each measurement once, no clone, no turbo and no e2e: checks in seconds that
every row still computes (pnpm test runs it).
--runs N: runs of each whole-process command (default 15). --upstream-generator FILE: also time upstream
NemoClaw's scripts/generate-openclaw-config.mts (from a checkout of your own) on the same route, Node 24.`;

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));

async function main(): Promise<void> {
  let values: ReturnType<typeof parseOptions>;
  try {
    values = parseOptions();
  } catch (error) {
    throw new BenchError(`${(error as Error).message}; node dist/run.js --help lists the options`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const started = new Date();
  const smoke = values.smoke === true;

  const real = (await interventionDirs(repoRoot)).length;
  const given = process.env.BENCH_SIZES
    ? parseSizes(process.env.BENCH_SIZES, real, "BENCH_SIZES")
    : values.sizes === undefined
      ? undefined
      : parseSizes(values.sizes, real, "--sizes");
  const all = given ?? defaultSizes(real);
  const sizes = smoke ? all.slice(0, 1) : all;
  log(`${real} interventions in this workspace; sizes ${sizes.join(", ")}${smoke ? " (smoke run)" : ""}`);

  const runs = values.runs === undefined ? (smoke ? 2 : 15) : wholeNumber(values.runs, "--runs");
  const rows: Row[] = values["no-registry"]
    ? []
    : await registryBench({ repoRoot, sizes, turbo: !values["no-turbo"], smoke, log });
  if (!values["no-packages"]) {
    for (const bench of await packageBenches(repoRoot)) {
      rows.push(...runPackageBench(repoRoot, bench, { sizes, smoke, log }));
    }
  }
  if (!values["no-cli"]) {
    const upstream = values["upstream-generator"];
    if (upstream !== undefined && !existsSync(upstream)) {
      throw new BenchError(`--upstream-generator: ${upstream} does not exist (give an absolute path)`);
    }
    const upstreamGenerator = upstream === undefined ? {} : { upstreamGenerator: resolve(upstream) };
    rows.push(...cliStartupRows({ repoRoot, runs, ...upstreamGenerator, log }));
  }
  if (!values["no-e2e"] && !smoke) rows.push(...e2eRows(repoRoot, log));
  const checked = rows.map(checkedRow);

  const out = resolve(values.out ?? join(repoRoot, "bench-results", "bench.json"));
  mkdirSync(join(out, ".."), { recursive: true });
  const machine = {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    memoryGb: Math.round(totalmem() / 2 ** 30),
  };
  const json = { startedAt: started.toISOString(), machine, sizes, smoke, rows: checked };
  writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`);
  const phases = formatPhases(checked, "cache, one intervention changed");
  process.stdout.write(
    `\n${formatTable(checked)}\n\n${phases ? `${phases}\n\n` : ""}${machine.cpus} CPUs (${machine.cpuModel}), Node ${machine.node}; JSON: ${out}\n`,
  );
}

function wholeNumber(text: string, flag: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new BenchError(`${flag}: "${text}" is not a whole number from 1 up`);
  return Number(text);
}

function parseOptions() {
  return parseArgs({
    options: {
      sizes: { type: "string" },
      smoke: { type: "boolean" },
      "no-registry": { type: "boolean" },
      "no-turbo": { type: "boolean" },
      "no-packages": { type: "boolean" },
      "no-cli": { type: "boolean" },
      "no-e2e": { type: "boolean" },
      runs: { type: "string" },
      "upstream-generator": { type: "string" },
      out: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  }).values;
}

// Every failure is reported as one line (a failed command adds its output), never as a stack trace.
main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`bench: ${message}\n`);
  process.exitCode = 1;
});
