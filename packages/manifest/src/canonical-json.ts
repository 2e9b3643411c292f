/** Sorts object keys recursively so equal values always serialise to the same bytes. */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === "object") {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const item = sortKeysDeep((value as Record<string, unknown>)[key]);
      // A plain assignment to "__proto__" would set the prototype instead of adding the key.
      if (key === "__proto__")
        Object.defineProperty(sorted, key, {
          value: item,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else sorted[key] = item;
    }
    return sorted;
  }
  return value;
}

/** Deterministic JSON: sorted keys, two-space indent, trailing newline. */
export function canonicalJson(value: unknown): string {
  return `${JSON.stringify(sortKeysDeep(value), null, 2)}\n`;
}

export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeysDeep(a)) === JSON.stringify(sortKeysDeep(b));
}
