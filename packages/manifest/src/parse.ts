import { decodeJson, type Problem, ProblemsError, parseWithProblems } from "./problems.js";
import { type Manifest, manifestSchema } from "./schema.js";

export type ParseResult = { ok: true; manifest: Manifest } | { ok: false; problems: Problem[] };

/** Validates an already-decoded JSON value as a manifest. `expectedId` is the package folder name. */
export function checkManifest(value: unknown, file: string, expectedId?: string): ParseResult {
  const result = parseWithProblems(manifestSchema, value, file);
  if (!result.ok) return result;
  if (expectedId !== undefined && result.data.id !== expectedId) {
    return {
      ok: false,
      problems: [
        {
          file,
          pointer: "/id",
          message: `id ${JSON.stringify(result.data.id)} must equal the package folder name ${JSON.stringify(expectedId)}: rename one of them`,
        },
      ],
    };
  }
  return { ok: true, manifest: result.data };
}

/** Decodes and validates manifest text. Never evaluates anything: manifests are data. */
export function checkManifestText(text: string, file: string, expectedId?: string): ParseResult {
  const decoded = decodeJson(text, file);
  return decoded.ok ? checkManifest(decoded.value, file, expectedId) : decoded;
}

export function parseManifestText(text: string, file: string, expectedId?: string): Manifest {
  const result = checkManifestText(text, file, expectedId);
  if (!result.ok) throw new ProblemsError(result.problems, `invalid manifest ${file}`);
  return result.manifest;
}
