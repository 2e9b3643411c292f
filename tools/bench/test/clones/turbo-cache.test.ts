/**
 * The turbo contract of the image context, on a clone of the committed repository: a warm `pnpm turbo build` is
 * a full cache hit; editing an intervention's README or e2e case keeps it one; changing a manifest rebuilds the
 * image context only; a new intervention folder is picked up with no other edit (not even `pnpm install`).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { discoverWorkspace } from "@model-setup/discovery";
import { afterAll, describe, expect, it } from "vitest";
import { installOffline, run } from "../../src/measure.js";
import { touchManifest, writeSyntheticInterventions } from "../../src/synthetic.js";

const REPO_ROOT = fileURLToPath(new URL("../../../..", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "msetup-turbo-cache-"));
const ws = join(scratch, "ws");
// A clone with its node_modules: removing it takes longer than the default hook timeout.
afterAll(() => rmSync(scratch, { recursive: true, force: true }), 300_000);

const env: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !name.startsWith("TURBO_") && name !== "CI"),
);
Object.assign(env, { TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1", TURBO_UI: "false", FORCE_COLOR: "0" });

function build(): { cached: number; total: number; missed: string[]; output: string } {
  const output = run("pnpm", ["turbo", "build", "--filter=@model-setup/image-context..."], { cwd: ws, env });
  const counts = /Cached:\s+(\d+) cached, (\d+) total/.exec(output);
  if (!counts) throw new Error(`no cache summary in turbo output:\n${output}`);
  const missed = [...output.matchAll(/^(\S+):build: cache miss/gm)].map((m) => m[1] as string).sort();
  return { cached: Number(counts[1]), total: Number(counts[2]), missed, output };
}

function registryIds(): string[] {
  const file = join(ws, "packages/image-context/dist/context/model-setup-index/registry.json");
  return (JSON.parse(readFileSync(file, "utf8")) as { interventions: { id: string }[] }).interventions.map(
    (e) => e.id,
  );
}

describe("turbo caching of the image context", { timeout: 600_000 }, () => {
  it("builds cold, then hits the cache fully, then rebuilds only what changed", async () => {
    run("git", ["clone", "--quiet", "--no-hardlinks", REPO_ROOT, ws], { cwd: scratch, env });
    installOffline(REPO_ROOT, ws, ["--frozen-lockfile"], env);

    const cold = build();
    expect(cold.cached).toBe(0);
    const before = registryIds();

    const warm = build();
    expect(warm.missed).toEqual([]);
    expect(warm.cached).toBe(warm.total);

    // Any two carried interventions: the first with e2e cases gets docs-only edits, another a manifest change.
    const { packages } = await discoverWorkspace(ws);
    const withCases = packages.find((pkg) => existsSync(join(pkg.dir, "e2e")));
    const other = packages.find((pkg) => pkg !== withCases);
    if (!withCases || !other) throw new Error("this test needs two interventions, one with e2e cases");
    const [caseFile] = readdirSync(join(withCases.dir, "e2e"));
    const appendTo = (file: string, text: string) =>
      writeFileSync(file, `${readFileSync(file, "utf8")}${text}`);
    appendTo(join(withCases.dir, "README.md"), "\nA note.\n");
    appendTo(join(withCases.dir, "e2e", caseFile as string), "\n");
    const docsOnly = build();
    expect(docsOnly.missed).toEqual([]);

    touchManifest(other.manifestFile, 1);
    const oneChanged = build();
    expect(oneChanged.missed).toEqual(["@model-setup/image-context"]);
    expect(oneChanged.cached).toBe(oneChanged.total - 1);

    const [added] = writeSyntheticInterventions(ws, 1);
    const withNew = build();
    expect(withNew.missed).toEqual(["@model-setup/image-context"]);
    expect(registryIds()).toEqual([...before, added?.id].sort());
  });
});
