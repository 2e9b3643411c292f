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

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "unrecognized_keys":
      return `unknown field(s) ${issue.keys.map((key) => JSON.stringify(key)).join(", ")}: remove them or fix the spelling`;
    case "invalid_type":
      return issue.input === undefined
        ? `required field is missing: add it (expected ${issue.expected})`
        : `expected ${issue.expected}: ${issue.message}`;
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
export function problemsFromZod(
  file: string,
  error: z.ZodError,
  base: readonly PropertyKey[] = [],
): Problem[] {
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

/** Decodes JSON text (data only, never evaluated); a syntax error becomes a problem at the document root. */
export function decodeJson(
  text: string,
  file: string,
): { ok: true; value: unknown } | { ok: false; problems: Problem[] } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return {
      ok: false,
      problems: [
        { file, pointer: "", message: `not valid JSON (${(error as Error).message}): fix the syntax` },
      ],
    };
  }
}
