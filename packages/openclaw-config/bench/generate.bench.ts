import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { MANAGED_ROUTE, matchesRoute, type SetupRecord, setupRecordSchema } from "@model-setup/manifest";
import { afterAll, beforeAll, bench, describe } from "vitest";
import { generateConfig, loadMatchingRecords } from "../src/index.js";
import { managedRoute, record, setupTempDir, writeSetupDir } from "../test/helpers/setup-dir.js";

/**
 * Generation time against registry size: the index-driven loader (reads only the shards a route can hit and the
 * records they name) versus a baseline that re-reads and re-validates every record file per generation, as the
 * upstream generator does. The indexed time should stay flat from 7 to 10,000 interventions.
 */

const SIZES = [7, 1_000, 10_000];

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

/** The baseline: every record read, parsed and validated, then matched. */
async function baselineRecords(
  setupDir: string,
  route: ReturnType<typeof managedRoute>,
): Promise<SetupRecord[]> {
  const dir = join(setupDir, "openclaw");
  const names = (await readdir(dir)).filter((name) => name.endsWith(".json")).sort();
  const records: SetupRecord[] = [];
  for (const name of names) {
    const parsed = setupRecordSchema.parse(JSON.parse(await readFile(join(dir, name), "utf8")));
    if (matchesRoute(parsed.match, route)) records.push(parsed);
  }
  return records;
}

const timings = new Map<string, number[]>();
async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await work();
  const list = timings.get(label) ?? [];
  list.push(performance.now() - start);
  timings.set(label, list);
  return result;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const dirs = SIZES.map((size) => ({ size, dir: setupTempDir() }));
// A route hitting one exact-id record (present in every size) plus the any-model record.
const route = managedRoute("vendor3/model-3");

beforeAll(() => {
  for (const { size, dir } of dirs) writeSetupDir(dir.path, syntheticRecords(size), { registry: false });
});

afterAll(() => {
  const lines = ["", "generation time (median ms) — indexed vs re-read-and-validate-all baseline:"];
  for (const { size } of dirs) {
    const indexed = median(timings.get(`indexed-${size}`) ?? []);
    const baseline = median(timings.get(`baseline-${size}`) ?? []);
    lines.push(
      `  ${String(size).padStart(6)} interventions: indexed ${indexed.toFixed(3)} ms, baseline ${baseline.toFixed(3)} ms, baseline/indexed = ${(baseline / indexed).toFixed(1)}x`,
    );
  }
  console.log(lines.join("\n"));
  for (const { dir } of dirs) dir.remove();
});

for (const { size, dir } of dirs) {
  describe(`${size} interventions`, () => {
    bench(
      `indexed (${size})`,
      async () => {
        const records = await timed(`indexed-${size}`, () =>
          loadMatchingRecords(dir.path, "openclaw", route),
        );
        if (records.length !== 2) throw new Error(`expected 2 matches, got ${records.length}`);
        generateConfig(route, records);
      },
      { time: 300, iterations: 20 },
    );
    bench(
      `baseline: read and validate all (${size})`,
      async () => {
        const records = await timed(`baseline-${size}`, () => baselineRecords(dir.path, route));
        if (records.length !== 2) throw new Error(`expected 2 matches, got ${records.length}`);
        generateConfig(route, records);
      },
      { time: 300, iterations: size >= 10_000 ? 5 : 20 },
    );
  });
}
