/**
 * Tool schemas: on this route every tool except `exec` is sent with empty object parameters, because Kimi
 * K2.6 on the managed route mishandles the full schemas. `exec` keeps its schema (the split relies on it).
 */
import type { AnyAgentTool, ProviderToolSchemaDiagnostic } from "@model-setup/openclaw-plugin-api";
import { EXEC_TOOL_NAME } from "./split.js";

export function emptyParameters(): { type: "object"; properties: Record<string, never> } {
  return { type: "object", properties: {} };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `{type: "object", properties: {}}` and nothing else (symbol keys such as TypeBox's `Kind` are ignored). */
export function isEmptyObjectSchema(parameters: unknown): boolean {
  if (!isRecord(parameters)) return false;
  const keys = Object.keys(parameters);
  return (
    keys.length === 2 &&
    parameters.type === "object" &&
    isRecord(parameters.properties) &&
    Object.keys(parameters.properties).length === 0
  );
}

function describeSchema(parameters: unknown): string {
  if (!isRecord(parameters))
    return `a non-object schema (${parameters === null ? "null" : typeof parameters})`;
  const properties = isRecord(parameters.properties) ? Object.keys(parameters.properties) : [];
  if (properties.length > 0) return `properties ${properties.join(", ")}`;
  return `schema keys ${Object.keys(parameters).join(", ") || "(none)"}`;
}

/** What each tool this module replaced had before, so the diagnostics can say what was normalised. */
const replacedSchemas = new WeakMap<object, string>();

/** A copy of the tool (same prototype, same own properties) with other parameters. */
function withParameters<TTool extends AnyAgentTool>(tool: TTool, parameters: unknown): TTool {
  const descriptors = Object.getOwnPropertyDescriptors(tool);
  const copy = Object.create(Object.getPrototypeOf(tool) as object | null, {
    ...descriptors,
    parameters: { value: parameters, writable: true, enumerable: true, configurable: true },
  }) as TTool;
  return copy;
}

function needsEmptying(tool: AnyAgentTool): boolean {
  return tool.name !== EXEC_TOOL_NAME && !isEmptyObjectSchema(tool.parameters);
}

/** Every non-exec tool with empty object parameters; untouched tools are returned as the same objects. */
export function normalizeToolSchemas<TTool extends AnyAgentTool>(tools: readonly TTool[]): TTool[] {
  return tools.map((tool) => {
    if (!needsEmptying(tool)) return tool;
    const normalized = withParameters(tool, emptyParameters());
    replacedSchemas.set(normalized, describeSchema(tool.parameters));
    return normalized;
  });
}

/**
 * One diagnostic per non-exec tool whose schema is (or, for tools this module already normalised, was) not
 * empty. OpenClaw may inspect before or after normalising, so both cases are reported.
 */
export function inspectToolSchemas(tools: readonly AnyAgentTool[]): ProviderToolSchemaDiagnostic[] {
  const diagnostics: ProviderToolSchemaDiagnostic[] = [];
  tools.forEach((tool, toolIndex) => {
    if (tool.name === EXEC_TOOL_NAME) return;
    const replaced = replacedSchemas.get(tool);
    if (replaced !== undefined) {
      diagnostics.push({
        toolName: tool.name,
        toolIndex,
        violations: [`${tool.name}.parameters: replaced by an empty object schema (had ${replaced})`],
      });
    } else if (needsEmptying(tool)) {
      diagnostics.push({
        toolName: tool.name,
        toolIndex,
        violations: [
          `${tool.name}.parameters: ${describeSchema(tool.parameters)}; sent as an empty object schema on this route`,
        ],
      });
    }
  });
  return diagnostics;
}
