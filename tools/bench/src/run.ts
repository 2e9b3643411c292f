#!/usr/bin/env node
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { e2eRows } from "./e2e.js";
import { type Row, registryBench } from "./registry.js";
import { formatPhases, formatTable } from "./table.js";
import { packageBenches, runPackageBench } from "./vitest-benches.js";

const USAGE = `usage: node dist/run.js [--sizes 7,100,1000] [--no-turbo] [--no-packages] [--no-e2e] [--out FILE]

Registry build at scale in a cloned, offline-installed workspace (turbo cold/warm/one change, builder CLI
without cache/warm cache/one change), then the package benches (vitest bench) with a JSON report each, then
the e2e suite on the real OpenClaw against a bare agent turn (pnpm e2e --timings).
Prints one table and writes JSON (default <repo>/bench-results/bench.json). Env BENCH_SIZES overrides --sizes.`;

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: "string" },
      "no-turbo": { type: "boolean" },
      "no-packages": { type: "boolean" },
      "no-e2e": { type: "boolean" },
      out: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const sizes = (process.env.BENCH_SIZES ?? values.sizes ?? "7,100,1000")
    .split(",")
    .map((s) => Number.parseInt(s.trim(), 10));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`bad --sizes: ${sizes.join(",")}`);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const started = new Date();

  const rows: Row[] = await registryBench({ repoRoot, sizes, turbo: !values["no-turbo"], log });
  if (!values["no-packages"]) {
    for (const bench of await packageBenches(repoRoot)) rows.push(...runPackageBench(repoRoot, bench, log));
  }
  if (!values["no-e2e"]) rows.push(...e2eRows(repoRoot, log));

  const out = resolve(values.out ?? join(repoRoot, "bench-results", "bench.json"));
  mkdirSync(join(out, ".."), { recursive: true });
  const machine = {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    memoryGb: Math.round(totalmem() / 2 ** 30),
  };
  const json = {
    startedAt: started.toISOString(),
    machine,
    sizes,
    rows: rows.map((r) => ({ ...r, peakRssMb: Number.isFinite(r.peakRssMb) ? r.peakRssMb : null })),
  };
  writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`);
  process.stdout.write(
    `\n${formatTable(rows)}\n\n${formatPhases(rows, "cache, one intervention changed")}\n\n${machine.cpus} CPUs (${machine.cpuModel}), Node ${machine.node}; JSON: ${out}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? error}\n`);
  process.exitCode = 1;
});
