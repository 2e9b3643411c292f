/**
 * What upstream NemoClaw's config generator checks in a registry before it generates anything, re-expressed from
 * its documented behaviour (../shared/reference/upstream-request-fixes.md, "Upstream generator behaviour").
 * Deliberately independent of this project's manifest schema and build-profile table, so that it can disagree
 * with them: it is the test's stand-in for the other generator.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";

const AGENTS = ["openclaw", "hermes"];
const MATCH_KEYS = ["modelIds", "modelIdPrefixes", "providerKey", "inferenceApi", "baseUrl"];
const EFFECT_KEYS: Record<string, string[]> = {
  openclaw: ["openclawCompat", "openclawPlugins", "openclawTools"],
  hermes: ["hermesCompat"],
};
const INSTALL_PREFIX = "/usr/local/share/nemoclaw/";

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const nonEmptyString = (value: unknown) => typeof value === "string" && value.trim() !== "";

/** Every `*.json` below the root, recursively, in sorted order, except files named `schema.json`. */
export function upstreamManifestFiles(root: string): string[] {
  const found: string[] = [];
  const visit = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) visit(path);
      else if (name.endsWith(".json") && name !== "schema.json") found.push(path);
    }
  };
  visit(root);
  return found;
}

function manifestProblems(root: string, value: unknown, agent: string): string[] {
  if (!isObject(value)) return ["not a JSON object"];
  const problems: string[] = [];
  for (const field of ["id", "description"]) {
    if (!nonEmptyString(value[field])) problems.push(`field '${field}' must be a non-empty string`);
  }
  if (!AGENTS.includes(value.agent as string)) problems.push("field 'agent' must be openclaw or hermes");
  if (!isObject(value.match) || Object.keys(value.match).length === 0) {
    problems.push("field 'match' must be a non-empty object");
  } else {
    for (const key of Object.keys(value.match)) {
      if (!MATCH_KEYS.includes(key)) problems.push(`unknown match key '${key}'`);
    }
  }
  if (!isObject(value.effects) || Object.keys(value.effects).length === 0) {
    problems.push("field 'effects' must be a non-empty object");
    return problems;
  }
  if (value.agent !== agent) return problems;
  const effects = value.effects;
  for (const key of Object.keys(effects)) {
    if (!EFFECT_KEYS[agent]?.includes(key)) problems.push(`unknown effect '${key}'`);
  }
  if (effects.openclawTools !== undefined) {
    const tools = effects.openclawTools;
    if (!isObject(tools) || Object.keys(tools).some((key) => key !== "toolSearch")) {
      problems.push("openclawTools may hold only toolSearch");
    } else if (tools.toolSearch !== undefined && typeof tools.toolSearch !== "boolean") {
      problems.push("openclawTools.toolSearch must be a boolean");
    }
  }
  if (effects.openclawPlugins !== undefined) {
    if (!Array.isArray(effects.openclawPlugins)) return [...problems, "openclawPlugins must be a list"];
    for (const plugin of effects.openclawPlugins as unknown[]) {
      const path = isObject(plugin) ? plugin.path : undefined;
      if (typeof path !== "string" || path.startsWith("/") || path.split("/").includes("..")) {
        problems.push(`plugin path ${JSON.stringify(path)} must be relative without '..'`);
        continue;
      }
      if (!existsSync(join(dirname(root), path))) problems.push(`plugin path ${path} does not exist`);
      if ((plugin as Record<string, unknown>).loadPath !== `${INSTALL_PREFIX}${path}`) {
        problems.push(`plugin loadPath must be ${INSTALL_PREFIX}${path}`);
      }
    }
  }
  return problems;
}

/**
 * Everything upstream's generator would abort on when run for `agent` against this registry root, as
 * `<path relative to root>: <problem>` (empty: it reads the registry). One bad file aborts every route upstream.
 */
export function upstreamRegistryProblems(root: string, agent: string): string[] {
  return upstreamManifestFiles(root).flatMap((file) => {
    const name = relative(root, file);
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(file, "utf8"));
    } catch {
      return [`${name}: not valid JSON`];
    }
    return manifestProblems(root, value, agent).map((problem) => `${name}: ${problem}`);
  });
}
