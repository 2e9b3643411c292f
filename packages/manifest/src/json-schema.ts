import { z } from "zod";
import { manifestSchema } from "./schema.js";
import { upstreamRecordSchema } from "./upstream.js";

function jsonSchemaOf(schema: z.ZodType, id: string, title: string): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { target: "draft-2020-12", unrepresentable: "any", io: "input" });
  return { ...json, $id: `https://model-setup.invalid/schemas/${id}`, title };
}

/** JSON Schema of manifest.json, for editors (`"$schema"`) and other tools. Refinements stay zod-only. */
export function manifestJsonSchema(): Record<string, unknown> {
  return jsonSchemaOf(manifestSchema, "manifest.schema.json", "Model-specific setup intervention manifest");
}

/**
 * JSON Schema of the records in the staged `model-specific-setup/` folder (its `schema.json`): only what upstream
 * NemoClaw's readers accept, every object closed as upstream's own schema closes them.
 */
export function upstreamRecordJsonSchema(): Record<string, unknown> {
  return jsonSchemaOf(
    upstreamRecordSchema,
    "model-specific-setup-record.schema.json",
    "Model-specific setup record (upstream NemoClaw's format)",
  );
}
