import { describe, expect, it } from "vitest";
import { inspectToolSchemas, isEmptyObjectSchema, normalizeToolSchemas } from "../plugin/src/schemas.js";

class ReadTool {
  name = "read";
  description = "Read a file";
  label = "Read";
  parameters: unknown = { type: "object", properties: { path: { type: "string" } }, required: ["path"] };
  execute(): string {
    return `executed ${this.name}`;
  }
}

const execTool = {
  name: "exec",
  description: "Run a command",
  parameters: { type: "object", properties: { command: { type: "string" } }, required: ["command"] },
};
const emptyTool = { name: "noop", description: "Nothing", parameters: { type: "object", properties: {} } };

describe("tool schemas", () => {
  it("empties every parameters schema except exec's, keeping the tool's other fields and prototype", () => {
    const read = new ReadTool();
    const [exec, normalizedRead, noop] = normalizeToolSchemas([execTool, read, emptyTool]);
    expect(exec).toBe(execTool);
    expect(noop).toBe(emptyTool);
    expect(normalizedRead).not.toBe(read);
    expect(normalizedRead?.parameters).toEqual({ type: "object", properties: {} });
    expect(normalizedRead).toMatchObject({ name: "read", description: "Read a file", label: "Read" });
    expect((normalizedRead as ReadTool).execute()).toBe("executed read");
    expect(read.parameters).toMatchObject({ required: ["path"] });
  });

  it("recognises only exactly-empty object schemas as empty", () => {
    expect(isEmptyObjectSchema({ type: "object", properties: {} })).toBe(true);
    expect(isEmptyObjectSchema({ type: "object" })).toBe(false);
    expect(isEmptyObjectSchema({ type: "object", properties: {}, additionalProperties: false })).toBe(false);
    expect(isEmptyObjectSchema({ type: "object", properties: { a: {} } })).toBe(false);
    expect(isEmptyObjectSchema(undefined)).toBe(false);
  });

  it("reports non-exec tools with non-empty schemas, naming their properties", () => {
    const diagnostics = inspectToolSchemas([execTool, new ReadTool(), emptyTool]);
    expect(diagnostics).toEqual([
      {
        toolName: "read",
        toolIndex: 1,
        violations: ["read.parameters: properties path; sent as an empty object schema on this route"],
      },
    ]);
  });

  it("still reports what it normalised when inspected after normalisation", () => {
    const normalized = normalizeToolSchemas([execTool, new ReadTool(), emptyTool]);
    expect(inspectToolSchemas(normalized)).toEqual([
      {
        toolName: "read",
        toolIndex: 1,
        violations: ["read.parameters: replaced by an empty object schema (had properties path)"],
      },
    ]);
  });
});
