import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PACKAGE_ROOT, realInterventions } from "./helpers/setup-dir.js";

/** Every model id, model id prefix, intervention id and plugin id the carried interventions name. */
function selectors(): string[] {
  const found = new Set<string>();
  for (const { manifest } of realInterventions()) {
    for (const id of manifest.match.modelIds ?? []) {
      found.add(id.toLowerCase());
      found.add(id.toLowerCase().slice(id.lastIndexOf("/") + 1));
    }
    for (const prefix of manifest.match.modelIdPrefixes ?? []) found.add(prefix);
    found.add(manifest.id);
    for (const plugin of manifest.effects.openclawPlugins ?? []) found.add(plugin.id);
  }
  return [...found].sort();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("no per-model branching", () => {
  const sources = readdirSync(join(PACKAGE_ROOT, "src")).map((name) => ({
    name,
    text: readFileSync(join(PACKAGE_ROOT, "src", name), "utf8").toLowerCase(),
  }));

  it("reads the selectors of every intervention", () => {
    expect(selectors()).toContain("o1");
    expect(selectors().length).toBeGreaterThan(10);
  });

  it.each(selectors())("src/ never names %s", (selector) => {
    // As a token: not part of a longer identifier (so `o1` is not found inside `0o1` or `foo1`).
    const token = new RegExp(`(^|[^a-z0-9_.-])${escapeRegExp(selector)}($|[^a-z0-9_])`);
    const hits = sources.filter((source) => token.test(source.text)).map((source) => source.name);
    expect(hits).toEqual([]);
  });
});
