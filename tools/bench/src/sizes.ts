import { BenchError } from "./rows.js";

/**
 * The registry sizes the bench runs at. They are derived from the registry it runs on, so they cannot fall behind
 * it as interventions are added (sizes written down once stopped below the real count and the bench failed): the
 * real number of interventions N, then the two powers of ten from 2N up (21 gives 21, 100, 1,000), built with
 * synthetic interventions added to the real ones.
 */
export function defaultSizes(real: number): number[] {
  const sizes = [real];
  let next = 10 ** Math.ceil(Math.log10(2 * real));
  while (sizes.length < 3) {
    sizes.push(next);
    next *= 10;
  }
  return sizes;
}

/**
 * Sizes given by hand (`--sizes` or BENCH_SIZES, a comma list), checked against the registry: a size below the
 * real number of interventions cannot be built (real interventions are never removed to reach it).
 */
export function parseSizes(text: string, real: number, source: string): number[] {
  const parts = text.split(",").map((part) => part.trim());
  const sizes = parts.map((part) => (/^\d+$/.test(part) ? Number(part) : Number.NaN));
  const bad = parts.find((_, i) => !Number.isSafeInteger(sizes[i]) || (sizes[i] as number) < 1);
  if (bad !== undefined) {
    throw new BenchError(`${source}: "${bad}" is not a registry size (a whole number from ${real} up)`);
  }
  const below = sizes.filter((size) => size < real);
  if (below.length > 0) {
    throw new BenchError(
      `${source}: size ${below.join(", ")} is below the ${real} interventions in this workspace: give sizes from ${real} up, or leave ${source} out for ${defaultSizes(real).join(",")}`,
    );
  }
  return [...new Set(sizes)].sort((a, b) => a - b);
}
