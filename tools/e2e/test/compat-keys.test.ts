/**
 * The manifest's compat keys must be exactly what the pinned OpenClaw accepts for
 * `models.providers.*.models[].compat`. Read from the installed package's zod declaration, so bumping OpenClaw
 * without updating packages/manifest/src/openclaw-compat.ts fails here.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { OPENCLAW_COMPAT_KEYS, OPENCLAW_COMPAT_SOURCE, openclawCompatSchema } from "@model-setup/manifest";
import { describe, expect, it } from "vitest";
import { OPENCLAW_MJS } from "../src/paths.js";

const openclawDir = dirname(OPENCLAW_MJS);

/** The `compat: z.ZodOptional<z.ZodObject<{ … }, z.core.$strict>>` block: key → declared zod type text. */
function declaredCompat(): Map<string, string> {
  const dist = join(openclawDir, "dist");
  const file = readdirSync(dist).find((name) => /^zod-schema\.core-.*\.d\.ts$/.test(name));
  if (!file) throw new Error(`no zod-schema.core-*.d.ts in ${dist}`);
  const lines = readFileSync(join(dist, file), "utf8").split("\n");
  const start = lines.findIndex((line) => /^\s*compat: z\.ZodOptional<z\.ZodObject<\{$/.test(line));
  if (start < 0) throw new Error(`no compat object in ${file}`);
  const indent = (lines[start]?.match(/^\s*/)?.[0].length ?? 0) + 2;
  const keys = new Map<string, string>();
  for (const line of lines.slice(start + 1)) {
    const depth = line.match(/^\s*/)?.[0].length ?? 0;
    if (depth < indent) break;
    const key = depth === indent ? /^\s*([A-Za-z_]+): (.*)$/.exec(line) : null;
    if (key?.[1] && key[2]) keys.set(key[1], key[2]);
  }
  return keys;
}

describe("OpenClaw compat keys", () => {
  const declared = declaredCompat();

  it("come from the installed OpenClaw version", () => {
    const pkg = JSON.parse(readFileSync(join(openclawDir, "package.json"), "utf8"));
    expect(pkg.version).toBe(OPENCLAW_COMPAT_SOURCE.version);
  });

  it("are exactly the keys OpenClaw declares", () => {
    expect([...declared.keys()].sort()).toEqual(OPENCLAW_COMPAT_KEYS);
  });

  it("have the same boolean-ness as OpenClaw's", () => {
    for (const [key, type] of declared) {
      const acceptsBoolean = openclawCompatSchema.safeParse({ [key]: true }).success;
      expect(acceptsBoolean, key).toBe(type === "z.ZodOptional<z.ZodBoolean>;");
    }
  });
});
