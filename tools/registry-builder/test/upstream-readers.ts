/**
 * Upstream NemoClaw's three readers of a model-specific-setup folder, re-expressed from their documented rules
 * (issue 23 and ../shared/reference/upstream-request-fixes.md, state of upstream 2026-08-21): its OpenClaw
 * generator, its Hermes generator's registry walk and its CI schema check. Deliberately independent of this
 * project's schemas and of upstream.ts, so that they can disagree: they are the tests' stand-ins for upstream.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";

const AGENTS = ["openclaw", "hermes"];
const MATCH_KEYS = ["modelIds", "modelIdPrefixes", "providerKey", "inferenceApi", "baseUrl"];
const EFFECT_KEYS: Record<string, string[]> = {
  openclaw: ["openclawCompat", "openclawPlugins", "openclawTools"],
  hermes: ["hermesCompat"],
};
const INSTALL_PREFIX = "/usr/local/share/nemoclaw/";

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
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

/** Runs `check` on every record below the root; problems as `<path relative to root>: <problem>`. */
function walk(root: string, check: (value: Json) => string[]): string[] {
  return upstreamManifestFiles(root).flatMap((file) => {
    const name = relative(root, file);
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(file, "utf8"));
    } catch {
      return [`${name}: not valid JSON`];
    }
    const problems = isObject(value) ? check(value) : ["not a JSON object"];
    return problems.map((problem) => `${name}: ${problem}`);
  });
}

/** What both generators check of every record, whatever its agent. */
function baseProblems(value: Json): string[] {
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
  }
  return problems;
}

function effectKeyProblems(effects: Json, agent: string): string[] {
  return Object.keys(effects)
    .filter((key) => !EFFECT_KEYS[agent]?.includes(key))
    .map((key) => `unknown effect '${key}' for agent '${agent}'`);
}

/**
 * Upstream's OpenClaw generator: every record passes the base checks; records of agent openclaw may hold only its
 * three effects, `openclawTools` only a boolean `toolSearch`, and plugins that exist beside the root with upstream's
 * loadPath. One problem anywhere aborts every route.
 */
export function openclawGeneratorProblems(root: string): string[] {
  return walk(root, (value) => {
    const problems = baseProblems(value);
    if (value.agent !== "openclaw" || !isObject(value.effects)) return problems;
    const effects = value.effects;
    problems.push(...effectKeyProblems(effects, "openclaw"));
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
        if ((plugin as Json).loadPath !== `${INSTALL_PREFIX}${path}`) {
          problems.push(`plugin loadPath must be ${INSTALL_PREFIX}${path}`);
        }
      }
    }
    return problems;
  });
}

/**
 * Upstream's Hermes generator walks the same root and validates every record of every agent before it filters by
 * agent: the base checks, `modelIds` and `modelIdPrefixes` not both, prefixes without '/', and hermes records
 * holding only `hermesCompat`.
 */
export function hermesWalkProblems(root: string): string[] {
  return walk(root, (value) => {
    const problems = baseProblems(value);
    if (isObject(value.match)) {
      if (value.match.modelIds !== undefined && value.match.modelIdPrefixes !== undefined) {
        problems.push("modelIds and modelIdPrefixes are mutually exclusive");
      }
      const prefixes = value.match.modelIdPrefixes;
      if (Array.isArray(prefixes) && prefixes.some((p) => typeof p !== "string" || p.includes("/"))) {
        problems.push("modelIdPrefixes must be strings without '/'");
      }
    }
    if (value.agent === "hermes" && isObject(value.effects)) {
      problems.push(...effectKeyProblems(value.effects, "hermes"));
    }
    return problems;
  });
}

const stringList = { type: "array", items: { type: "string", minLength: 1 }, minItems: 1 };
const scalarMap = { type: "object", additionalProperties: { type: ["boolean", "number", "string"] } };

/** Upstream's CI schema as its rules describe it: closed at the top, in `match` and in `effects`. */
const UPSTREAM_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  type: "object",
  additionalProperties: false,
  required: ["id", "agent", "description", "match", "effects"],
  properties: {
    id: { type: "string", minLength: 1 },
    agent: { enum: AGENTS },
    description: { type: "string", minLength: 1 },
    match: {
      type: "object",
      additionalProperties: false,
      minProperties: 1,
      properties: {
        modelIds: stringList,
        modelIdPrefixes: stringList,
        providerKey: { type: "string" },
        inferenceApi: { type: "string" },
        baseUrl: { type: "string" },
      },
    },
    effects: {
      type: "object",
      additionalProperties: false,
      minProperties: 1,
      properties: {
        openclawCompat: { type: "object" },
        openclawTools: {
          type: "object",
          additionalProperties: false,
          properties: { toolSearch: { type: "boolean" } },
        },
        openclawPlugins: {
          type: "array",
          minItems: 1,
          items: {
            type: "object",
            required: ["id", "path", "loadPath"],
            properties: { id: { type: "string" }, path: { type: "string" }, loadPath: { type: "string" } },
          },
        },
        hermesCompat: scalarMap,
      },
    },
  },
};

/** Upstream's CI check: every record validates against its schema (Ajv, JSON Schema 2020-12). */
export function schemaProblems(root: string, schema: object = UPSTREAM_SCHEMA): string[] {
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
  return walk(root, (value) =>
    validate(value)
      ? []
      : (validate.errors ?? []).map(
          (error) =>
            `${error.instancePath || "/"} ${error.message}${error.params && "additionalProperty" in error.params ? ` '${error.params.additionalProperty}'` : ""}`,
        ),
  );
}

/** All three readers' problems with the folder, each line tagged with its reader. */
export function upstreamReadersProblems(root: string): string[] {
  return [
    ...openclawGeneratorProblems(root).map((p) => `openclaw generator: ${p}`),
    ...hermesWalkProblems(root).map((p) => `hermes walk: ${p}`),
    ...schemaProblems(root).map((p) => `schema: ${p}`),
  ];
}
