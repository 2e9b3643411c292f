import type { z } from "zod";

/** One thing wrong with an input file: where (file + JSON pointer), what, and how to fix it. */
export interface Problem {
  file: string;
  pointer: string;
  message: string;
}

export function jsonPointer(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "";
  return `/${path.map((segment) => String(segment).replaceAll("~", "~0").replaceAll("/", "~1")).join("/")}`;
}

export function formatProblem(problem: Problem): string {
  return `${problem.file}#${problem.pointer || "/"}: ${problem.message}`;
}

/** Thrown when validation fails; carries every problem found, not only the first. */
export class ProblemsError extends Error {
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[], summary?: string) {
    const lines = problems.map((problem) => `  - ${formatProblem(problem)}`);
    super(`${summary ?? `${problems.length} problem(s) found`}:\n${lines.join("\n")}`);
    this.name = "ProblemsError";
    this.problems = problems;
  }
}

/** What kind of JSON value was found, without quoting it. */
function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "unrecognized_keys":
      return `unknown field(s) ${issue.keys.map((key) => JSON.stringify(key)).join(", ")}: remove them or fix the spelling`;
    case "invalid_type":
      // `input` is there when the value was parsed with reportInput (see parseWithProblems).
      return issue.input === undefined
        ? `required field is missing: add it (expected ${issue.expected})`
        : `expected ${issue.expected}, found ${kindOf(issue.input)}: fix the value`;
    case "invalid_value":
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(", ")}`;
    default:
      return issue.message;
  }
}

/**
 * Turns zod issues into problems; an unknown key gets its own pointer so the message lands on the bad field.
 * `base` prefixes every pointer when the validated value sits inside a larger document.
 */
function problemsFromZod(file: string, error: z.ZodError, base: readonly PropertyKey[] = []): Problem[] {
  const problems: Problem[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        problems.push({
          file,
          pointer: jsonPointer([...base, ...issue.path, key]),
          message: `unknown field ${JSON.stringify(key)}: remove it or fix the spelling`,
        });
      }
      continue;
    }
    problems.push({ file, pointer: jsonPointer([...base, ...issue.path]), message: describeIssue(issue) });
  }
  return problems;
}

/**
 * Validates `value` against `schema`; on failure, every issue becomes a problem of `file` (pointers prefixed by
 * `base`). The one way user files are validated: issues carry the value found, so a field that is present with
 * the wrong type is told apart from a missing one.
 */
export function parseWithProblems<T extends z.ZodType>(
  schema: T,
  value: unknown,
  file: string,
  base: readonly PropertyKey[] = [],
): { ok: true; data: z.output<T> } | { ok: false; problems: Problem[] } {
  const result = schema.safeParse(value, { reportInput: true });
  return result.success
    ? { ok: true, data: result.data }
    : { ok: false, problems: problemsFromZod(file, result.error, base) };
}

/** Deepest nesting of objects and arrays accepted in a user's JSON: far above any real config, far below a stack. */
export const MAX_JSON_DEPTH = 64;

/**
 * Visits every value of a JSON document with its path, depth first, without recursion (a hostile document
 * cannot overflow the stack). `visit` returns whether to stop the walk.
 */
export function walkJson(value: unknown, visit: (node: unknown, path: (string | number)[]) => boolean): void {
  const stack: { node: unknown; path: (string | number)[] }[] = [{ node: value, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop() as { node: unknown; path: (string | number)[] };
    if (visit(node, path) === true) return;
    if (node === null || typeof node !== "object") continue;
    for (const [key, child] of Object.entries(node)) {
      stack.push({ node: child, path: [...path, Array.isArray(node) ? Number(key) : key] });
    }
  }
}

/** The JSON pointer of the first value nested deeper than MAX_JSON_DEPTH, if any. */
export function tooDeep(value: unknown): string | undefined {
  let found: string | undefined;
  walkJson(value, (node, path) => {
    if (node === null || typeof node !== "object" || path.length < MAX_JSON_DEPTH) return false;
    found = jsonPointer(path);
    return true;
  });
  return found;
}

export function tooDeepMessage(pointer: string): string {
  return `nested deeper than ${MAX_JSON_DEPTH} levels at ${pointer}: no real document needs that, flatten it`;
}

/**
 * Decodes JSON text (data only, never evaluated); a syntax error or nesting deeper than MAX_JSON_DEPTH becomes a
 * problem.
 */
export function decodeJson(
  text: string,
  file: string,
): { ok: true; value: unknown } | { ok: false; problems: Problem[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      problems: [
        { file, pointer: "", message: `not valid JSON (${(error as Error).message}): fix the syntax` },
      ],
    };
  }
  const deep = tooDeep(value);
  if (deep !== undefined)
    return { ok: false, problems: [{ file, pointer: deep, message: tooDeepMessage(deep) }] };
  return { ok: true, value };
}
