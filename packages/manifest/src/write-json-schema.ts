import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { canonicalJson } from "./canonical-json.js";
import { manifestJsonSchema } from "./json-schema.js";

// Build step: writes the manifest JSON Schema next to the compiled code.
const target = process.argv[2];
if (!target) throw new Error("usage: write-json-schema <output.json>");
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, canonicalJson(manifestJsonSchema()));
