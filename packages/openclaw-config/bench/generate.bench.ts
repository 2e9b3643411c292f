import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { discoverWorkspace, findWorkspaceRoot } from "@model-setup/discovery";
import {
  indexRecordSchema,
  joinUpstreamRecord,
  MANAGED_ROUTE,
  matchesRoute,
  type SetupRecord,
  setupRecordSchema,
  upstreamRecordSchema,
} from "@model-setup/manifest";
import { afterAll, beforeAll, bench, describe } from "vitest";
import { generateConfig, indexDirOf, loadMatchingRecords } from "../src/index.js";
import { managedRoute, record, setupTempDir, writeSetupDir } from "../test/helpers/setup-dir.js";

/**
 * Generation time against registry size: the index-driven loader (reads only the shards a route can hit and the
 * records they name) versus a baseline that re-reads and re-validates every record per generation, as the
 * upstream generator does. The indexed time should stay flat as the registry grows.
 *
 * The sizes are those `pnpm bench` runs at (BENCH_SIZES); run alone, the number of interventions in this
 * workspace, then the two powers of ten from twice that up (the rule of tools/bench/src/sizes.ts). BENCH_SMOKE
 * (the smoke run in pnpm test) takes one sample of each: it checks that every bench still runs, not how fast.
 */

async function sizes(): Promise<number[]> {
  const given = process.env.BENCH_SIZES;
  if (given) return given.split(",").map(Number);
  const root = findWorkspaceRoot(process.cwd());
  if (root === undefined) throw new Error("BENCH_SIZES is unset and no pnpm workspace is found to count");
  const real = (await discoverWorkspace(root)).packages.length;
  const first = 10 ** Math.ceil(Math.log10(2 * real));
  return [real, first, first * 10];
}

const SIZES = await sizes();
const SMOKE = process.env.BENCH_SMOKE !== undefined;
const options = (iterations: number) =>
  SMOKE ? { time: 0, iterations: 1, warmupTime: 0, warmupIterations: 0 } : { time: 300, iterations };

/** Synthetic interventions: mostly exact model ids, some prefix families, one any-model record. */
function syntheticRecords(count: number): SetupRecord[] {
  const records: SetupRecord[] = [record("synthetic-any", { ...MANAGED_ROUTE }, { openclawReasoning: true })];
  for (let i = 1; i < count; i++) {
    const id = `synthetic-${String(i).padStart(5, "0")}`;
    records.push(
      i % 4 === 0
        ? record(
            id,
            { modelIdPrefixes: [`family${i}`], ...MANAGED_ROUTE },
            { openclawTools: { toolSearch: false } },
          )
        : record(
            id,
            { modelIds: [`vendor${i % 37}/model-${i}`, `vendor${i % 37}/model-${i}-alt`], ...MANAGED_ROUTE },
            { openclawCompat: { supportsStore: false, maxTokensField: "max_tokens" } },
          ),
    );
  }
  return records;
}

/**
 * The baseline: every record read whole, as the builder staged it (this project's half from the index, joined with
 * upstream's half in the setup directory when it has one), validated, then matched.
 */
async function baselineRecords(
  setupDir: string,
  route: ReturnType<typeof managedRoute>,
): Promise<SetupRecord[]> {
  const indexRecords = join(indexDirOf(setupDir), "openclaw", "records");
  const names = (await readdir(indexRecords)).filter((name) => name.endsWith(".json")).sort();
  const records: SetupRecord[] = [];
  for (const name of names) {
    const index = indexRecordSchema.parse(JSON.parse(await readFile(join(indexRecords, name), "utf8")));
    const upstreamText = await readFile(join(setupDir, "openclaw", name), "utf8").catch(() => undefined);
    const upstream =
      upstreamText === undefined ? undefined : upstreamRecordSchema.parse(JSON.parse(upstreamText));
    const parsed = setupRecordSchema.parse(joinUpstreamRecord(upstream, index));
    if (matchesRoute(parsed.match, route)) records.push(parsed);
  }
  return records;
}

const dirs = SIZES.map((size) => ({ size, dir: setupTempDir() }));
// A route hitting one exact-id record (present in every size) plus the any-model record.
const route = managedRoute("vendor3/model-3");

beforeAll(() => {
  for (const { size, dir } of dirs) writeSetupDir(dir.path, syntheticRecords(size), { registry: false });
});

afterAll(() => {
  for (const { dir } of dirs) dir.remove();
});

for (const { size, dir } of dirs) {
  describe(`${size} interventions`, () => {
    bench(
      `indexed (${size})`,
      async () => {
        const records = await loadMatchingRecords(dir.path, "openclaw", route);
        if (records.length !== 2) throw new Error(`expected 2 matches, got ${records.length}`);
        generateConfig(route, records);
      },
      options(20),
    );
    bench(
      `baseline: read and validate all (${size})`,
      async () => {
        const records = await baselineRecords(dir.path, route);
        if (records.length !== 2) throw new Error(`expected 2 matches, got ${records.length}`);
        generateConfig(route, records);
      },
      options(size >= 10_000 ? 5 : 20),
    );
  });
}
