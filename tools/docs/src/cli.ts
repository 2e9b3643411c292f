/**
 * `docs-tables [--workspace DIR] (--write | --check)` (`--help`: the usage): renders every generated block of the documentation
 * (src/blocks.ts) into its file, or checks that each file already holds it, however its table columns are padded
 * (exit 1 when one does not). The root `pnpm docs:tables` formats the files afterwards. Every manifest is validated as the
 * builder does first; an invalid one is reported and nothing is written.
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { discoverWorkspace } from "@model-setup/discovery";
import { formatProblem, type Problem, tableInsensitive } from "@model-setup/manifest";
import { loadIntervention, runMain } from "@model-setup/registry-builder";
import { blockMarkers, GENERATED_BLOCKS, renderBlock } from "./blocks.js";

const USAGE = `usage: docs-tables [--workspace DIR] (--write | --check)

--write   render every generated table into its file (the root pnpm docs:tables also formats them)
--check   exit 1 naming the files whose tables are stale
--workspace DIR   the workspace root (default: the current directory)`;

async function main(argv: string[]): Promise<number> {
  let values: { workspace?: string; write?: boolean; check?: boolean; help?: boolean };
  try {
    values = parseArgs({
      args: argv,
      options: {
        workspace: { type: "string" },
        write: { type: "boolean" },
        check: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (error) {
    process.stderr.write(`docs-tables: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.write === values.check) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const root = resolve(values.workspace ?? ".");
  const discovery = await discoverWorkspace(root);
  const problems: Problem[] = [...discovery.problems];
  const manifests = discovery.packages.flatMap((pkg) => {
    const { loaded, problems: own } = loadIntervention(pkg);
    problems.push(...own);
    return loaded ? [loaded.manifest] : [];
  });
  if (problems.length > 0) {
    process.stderr.write(`docs-tables: ${problems.map(formatProblem).join("\n")}\n`);
    return 1;
  }
  const files = [...new Set(GENERATED_BLOCKS.map((block) => block.file))];
  const stale: string[] = [];
  for (const relativeFile of files) {
    const file = join(root, relativeFile);
    const text = readFileSync(file, "utf8");
    let updated = text;
    for (const block of GENERATED_BLOCKS.filter((b) => b.file === relativeFile)) {
      const replaced = renderBlock(updated, block, manifests);
      if (replaced === undefined) {
        const { start, end } = blockMarkers(block.name);
        process.stderr.write(`docs-tables: ${file} has no ${start} … ${end} block\n`);
        return 1;
      }
      updated = replaced;
    }
    // The repository's formatter pads table columns; only the cells have to agree.
    if (values.check) {
      if (tableInsensitive(updated) !== tableInsensitive(text)) stale.push(relativeFile);
      continue;
    }
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, updated);
    renameSync(temp, file);
    process.stdout.write(`docs-tables: ${file}\n`);
  }
  if (stale.length > 0) {
    process.stderr.write(
      `docs-tables: stale generated tables in ${stale.join(", ")}: run pnpm docs:tables\n`,
    );
    return 1;
  }
  return 0;
}

runMain("docs-tables", main);
