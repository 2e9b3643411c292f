/** One scaffold run, independent of the terminal: used by the CLI and by tests. */

import { findWorkspaceRoot } from "@model-setup/discovery";
import { formatProblem, type Manifest } from "@model-setup/manifest";
import { givenProblems, type Invocation, specFromFlags } from "./args.js";
import { askSpec, CANCELLED, type PromptIo } from "./prompts.js";
import { checkedManifest, type ScaffoldSpec, validate } from "./spec.js";
import { scaffoldFiles } from "./templates.js";
import { readWorkspace, refusal, writePackage } from "./workspace.js";

export type CreateResult =
  | { status: "created"; dir: string; spec: ScaffoldSpec; files: string[] }
  | { status: "refused"; problems: string[] }
  | { status: "cancelled" };

export interface CreateOptions {
  cwd: string;
  /** Prompt streams; prompting happens only without --yes. */
  io?: PromptIo;
  interactive: boolean;
}

export async function create(invocation: Invocation, options: CreateOptions): Promise<CreateResult> {
  const root = invocation.workspace ?? findWorkspaceRoot(options.cwd);
  if (!root) {
    return {
      status: "refused",
      problems: [
        `no pnpm-workspace.yaml at or above ${options.cwd}: run inside the workspace or pass --workspace`,
      ],
    };
  }
  const state = await readWorkspace(root);
  const given = invocation.given;
  if (given.id !== undefined) {
    const early = validate.id(given.id) ?? refusal(state, given.id);
    if (early) return { status: "refused", problems: [`--id ${given.id}: ${early}`] };
  }

  let spec: ScaffoldSpec;
  if (invocation.yes) {
    const fromFlags = specFromFlags(given);
    if (!fromFlags.ok) return { status: "refused", problems: fromFlags.problems };
    spec = fromFlags.spec;
  } else if (!options.interactive) {
    return {
      status: "refused",
      problems: ["not a terminal, so nothing can be asked: pass --yes with the flags (see --help)"],
    };
  } else {
    // A flag is an answer given early: checked before any question, so a bad one is never silently dropped.
    const problems = givenProblems(given);
    if (problems.length > 0) return { status: "refused", problems };
    const asked = await askSpec(given, (id) => refusal(state, id), options.io);
    if (asked === CANCELLED) return { status: "cancelled" };
    spec = asked;
  }

  const checked = checkedManifest(spec);
  if (!checked.ok) return { status: "refused", problems: checked.problems.map(formatProblem) };
  const reason = refusal(state, spec.id);
  if (reason) return { status: "refused", problems: [reason] };
  // The JSON as built (its key order), now known to be a valid manifest.
  const files = scaffoldFiles(spec, checked.json as Manifest);
  const dir = await writePackage(root, spec.id, files);
  return { status: "created", dir, spec, files: [...files.keys()] };
}
