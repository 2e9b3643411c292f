#!/usr/bin/env node
import { cancel, intro, log, outro } from "@clack/prompts";
import { findWorkspaceRoot } from "@model-setup/discovery";
import { type Invocation, importAnswers, parseInvocation, USAGE } from "./args.js";
import { create } from "./create.js";
import { importUpstream } from "./import.js";

/** `--from-upstream`: never interactive; prints what was created and what was already there. */
async function importFrom(from: string, invocation: Invocation): Promise<number> {
  const fail = (problems: string[]) => {
    process.stderr.write(
      `create-intervention: nothing was written:\n${problems.map((p) => `  - ${p}`).join("\n")}\n`,
    );
    return 1;
  };
  const root = invocation.workspace ?? findWorkspaceRoot(process.cwd());
  if (!root)
    return fail([
      `no pnpm-workspace.yaml at or above ${process.cwd()}: run inside the workspace or pass --workspace`,
    ]);
  const answers = importAnswers(invocation.given);
  if (!answers.ok) return fail(answers.problems);
  const result = await importUpstream(from, root, answers.answers);
  if (result.status === "refused") return fail(result.problems);
  const lines = [
    ...result.created.map((dir) => `created ${dir}`),
    ...result.unchanged.map((id) => `unchanged interventions/${id} (already imported)`),
  ];
  if (result.created.length > 0) {
    lines.push(
      "next:",
      "  pnpm install && pnpm turbo build   # link the new packages; the image context now carries them",
      "  fill in each README.md (## Why) and its e2e/applies.case.ts (todo until written)",
    );
  }
  process.stdout.write(`${lines.join("\n")}\n`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  let invocation: ReturnType<typeof parseInvocation>;
  try {
    invocation = parseInvocation(argv);
  } catch (error) {
    process.stderr.write(`create-intervention: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (invocation.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (invocation.fromUpstream !== undefined) return importFrom(invocation.fromUpstream, invocation);
  const interactive = !invocation.yes && process.stdin.isTTY === true && process.stdout.isTTY === true;
  if (interactive) intro("create-intervention");
  const result = await create(invocation, { cwd: process.cwd(), interactive });
  if (result.status === "cancelled") {
    cancel("Cancelled: nothing was written.");
    return 130;
  }
  if (result.status === "refused") {
    const text = `create-intervention: nothing was written:\n${result.problems.map((p) => `  - ${p}`).join("\n")}`;
    if (interactive) log.error(text);
    else process.stderr.write(`${text}\n`);
    return 1;
  }
  const { spec } = result;
  const next = [
    `created interventions/${spec.id} (@model-setup/${spec.id}@0.1.0): ${result.files.join(", ")}`,
    "next:",
    "  pnpm install                                   # link the new package",
    `  pnpm turbo run test --filter=@model-setup/${spec.id}   # its manifest tests`,
    "  pnpm turbo build                               # the image context now carries it",
    spec.pluginId
      ? `  fill in README.md (## Why), the plugin and e2e/${spec.behaviour}.case.ts (todo until written), then pnpm changeset`
      : "  fill in README.md (## Why), then pnpm changeset",
    `  pnpm e2e --filter ${spec.id}          # its derived e2e cases on the real OpenClaw`,
  ].join("\n");
  if (interactive) outro(next);
  else process.stdout.write(`${next}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`create-intervention: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  },
);
