/**
 * `interventions-table [--workspace DIR] (--write FILE | --check FILE)`: renders the tables generated from the
 * manifests into FILE between their markers (every intervention with its models, effects, what upstream NemoClaw's
 * readers get, evidence and remove-when; the parts those readers lack and what covers them upstream), or checks that
 * FILE already holds them, however their columns are padded (exit 1 when it does not). The root
 * `pnpm interventions-table` formats the file afterwards. Every manifest is validated as the builder does first; an
 * invalid one is reported and nothing is written.
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { discoverWorkspace } from "@model-setup/discovery";
import {
  formatProblem,
  interventionsTable,
  type Manifest,
  type Problem,
  replaceMarkedBlock,
  tableInsensitive,
  upstreamGapsTable,
} from "@model-setup/manifest";
import { loadIntervention } from "./load.js";
import { runMain } from "./run-main.js";

/** The generated blocks, each between its marker lines. */
const BLOCKS: { name: string; render: (manifests: readonly Manifest[]) => string }[] = [
  { name: "interventions", render: interventionsTable },
  { name: "upstream-gaps", render: () => upstreamGapsTable() },
];
const markers = (name: string) => ({
  start: `<!-- ${name}:start (pnpm interventions-table) -->`,
  end: `<!-- ${name}:end -->`,
});
const USAGE = "usage: interventions-table [--workspace DIR] (--write FILE | --check FILE)";

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { workspace: { type: "string" }, write: { type: "string" }, check: { type: "string" } },
  });
  const target = values.write ?? values.check;
  if (!target || (values.write && values.check)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const discovery = await discoverWorkspace(resolve(values.workspace ?? "."));
  const problems: Problem[] = [...discovery.problems];
  const manifests = discovery.packages.flatMap((pkg) => {
    const { loaded, problems: own } = loadIntervention(pkg);
    problems.push(...own);
    return loaded ? [loaded.manifest] : [];
  });
  if (problems.length > 0) {
    process.stderr.write(`interventions-table: ${problems.map(formatProblem).join("\n")}\n`);
    return 1;
  }
  const file = resolve(target);
  const text = readFileSync(file, "utf8");
  let updated = text;
  for (const block of BLOCKS) {
    const { start, end } = markers(block.name);
    const replaced = replaceMarkedBlock(updated, start, end, block.render(manifests));
    if (replaced === undefined) {
      process.stderr.write(`interventions-table: ${file} has no ${start} … ${end} block\n`);
      return 1;
    }
    updated = replaced;
  }
  if (values.check) {
    // The repository's formatter pads table columns; only the cells have to agree.
    if (tableInsensitive(updated) === tableInsensitive(text)) return 0;
    process.stderr.write(
      `interventions-table: the tables in ${file} are not what the manifests say: run pnpm interventions-table\n`,
    );
    return 1;
  }
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, updated);
  renameSync(temp, file);
  process.stdout.write(`interventions-table: ${manifests.length} intervention(s) -> ${file}\n`);
  return 0;
}

runMain("interventions-table", main);
