/**
 * `interventions-table [--workspace DIR] (--write FILE | --check FILE)`: renders the table of every intervention
 * of the workspace (models, effects, evidence, remove-when; @model-setup/manifest interventionsTable) into FILE
 * between its interventions markers, or checks that FILE already holds that table, however its columns are padded
 * (exit 1 when it does not). The root `pnpm interventions-table` formats the file afterwards.
 * Every manifest is validated as the builder does first; an invalid one is reported and nothing is written.
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { discoverWorkspace } from "@model-setup/discovery";
import {
  formatProblem,
  interventionsTable,
  type Problem,
  replaceMarkedBlock,
  tableInsensitive,
} from "@model-setup/manifest";
import { loadIntervention } from "./load.js";
import { runMain } from "./run-main.js";

export const TABLE_START = "<!-- interventions:start (pnpm interventions-table) -->";
export const TABLE_END = "<!-- interventions:end -->";
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
  const updated = replaceMarkedBlock(text, TABLE_START, TABLE_END, interventionsTable(manifests));
  if (updated === undefined) {
    process.stderr.write(`interventions-table: ${file} has no ${TABLE_START} … ${TABLE_END} block\n`);
    return 1;
  }
  if (values.check) {
    // The repository's formatter pads table columns; only the cells have to agree.
    if (tableInsensitive(updated) === tableInsensitive(text)) return 0;
    process.stderr.write(
      `interventions-table: the table in ${file} is not what the manifests say: run pnpm interventions-table\n`,
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
