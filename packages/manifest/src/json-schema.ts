import { z } from "zod";
import { manifestSchema } from "./schema.js";

/** JSON Schema of manifest.json, for editors (`"$schema"`) and other tools. Refinements stay zod-only. */
export function manifestJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(manifestSchema, {
    target: "draft-2020-12",
    unrepresentable: "any",
    io: "input",
  });
  return {
    ...schema,
    $id: "https://model-setup.invalid/schemas/manifest.schema.json",
    title: "Model-specific setup intervention manifest",
  };
}
