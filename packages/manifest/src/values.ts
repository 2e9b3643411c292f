/**
 * Orders strings by UTF-16 code units, the same on every machine and locale: what sorted paths, ids and keys in
 * generated files use (`localeCompare` differs between ICU builds).
 */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A JSON object: not null, not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
