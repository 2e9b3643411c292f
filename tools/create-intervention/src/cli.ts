#!/usr/bin/env node
import { cancel, intro, log, outro } from "@clack/prompts";
import { parseInvocation, USAGE } from "./args.js";
import { create } from "./create.js";

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
