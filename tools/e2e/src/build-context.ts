/**
 * Builds a workspace's image context the way the image-context package does, for one OpenClaw release and,
 * for necessity runs, without some interventions (their packages are left out as if their folders were deleted).
 */
import { basename, join } from "node:path";
import { discoverWorkspace } from "@model-setup/discovery";
import { assemble, writeOutputAtomically } from "@model-setup/registry-builder";

export interface ContextOptions {
  /** The OpenClaw release the context targets; default the newest supported one. */
  openclaw?: string;
  /** Intervention ids to leave out. */
  without?: readonly string[];
}

/** Builds into `outDir` (default `<root>/out`) and returns the context folder. */
export async function buildContext(
  root: string,
  outDir = join(root, "out"),
  options: ContextOptions = {},
): Promise<string> {
  const discovery = await discoverWorkspace(root);
  if (discovery.problems.length > 0) throw new Error(JSON.stringify(discovery.problems));
  // An intervention's id is its folder's name (the builder refuses any other).
  const without = new Set(options.without ?? []);
  const packages = discovery.packages.filter((pkg) => !without.has(basename(pkg.dir)));
  const built = await assemble(packages, options.openclaw ? { openclaw: options.openclaw } : {});
  if (!built.ok) throw new Error(JSON.stringify(built.problems));
  await writeOutputAtomically(outDir, built.output);
  return join(outDir, "context");
}
