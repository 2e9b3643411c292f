/**
 * The root README's table of interventions is what the manifests say (regenerate with pnpm interventions-table),
 * and every intervention's own README states its evidence and removal condition.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { discoverWorkspace } from "@model-setup/discovery";
import { parseManifestText } from "@model-setup/manifest";
import { describe, expect, it } from "vitest";

const REPO = fileURLToPath(new URL("../../..", import.meta.url));
const TABLE_CLI = join(REPO, "tools", "registry-builder", "bin", "interventions-table.js");
const squeeze = (text: string) => text.replace(/\s+/g, " ");

describe("documentation generated from the manifests", () => {
  it("the root README's interventions table is current (else: pnpm interventions-table)", () => {
    const run = spawnSync(
      process.execPath,
      [TABLE_CLI, "--workspace", REPO, "--check", join(REPO, "README.md")],
      { encoding: "utf8" },
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  it("every intervention README names its evidence and says when to remove it", async () => {
    const { packages } = await discoverWorkspace(REPO);
    expect(packages.length).toBeGreaterThan(0);
    for (const pkg of packages) {
      const manifest = parseManifestText(readFileSync(pkg.manifestFile, "utf8"), pkg.manifestFile);
      const readme = squeeze(readFileSync(join(pkg.dir, "README.md"), "utf8"));
      for (const ref of manifest.evidence) expect(readme, `${pkg.dir}/README.md`).toContain(ref);
      expect(readme, `${pkg.dir}/README.md`).toContain(squeeze(manifest.removeWhen));
    }
  });
});
