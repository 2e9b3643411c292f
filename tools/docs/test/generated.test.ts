/**
 * The generated tables are what the manifests and the OpenClaw release facts say (regenerate with `pnpm docs:tables`), the
 * measured lifecycle table covers exactly the interventions there are, and every intervention's own README states
 * its evidence and removal condition (the root README's table links there instead of repeating them).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { discoverWorkspace } from "@model-setup/discovery";
import { parseManifestText } from "@model-setup/manifest";
import { describe, expect, it } from "vitest";

const REPO = fileURLToPath(new URL("../../..", import.meta.url));
const CLI = fileURLToPath(new URL("../bin/docs-tables.js", import.meta.url));
const squeeze = (text: string) => text.replace(/\s+/g, " ");
const { packages } = await discoverWorkspace(REPO);
const manifests = packages.map((pkg) =>
  parseManifestText(readFileSync(pkg.manifestFile, "utf8"), pkg.manifestFile),
);

describe("documentation generated from the manifests and the release facts", () => {
  it("every generated table is current (else: pnpm docs:tables)", () => {
    const run = spawnSync(process.execPath, [CLI, "--workspace", REPO, "--check"], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  it("the lifecycle table (measured by pnpm e2e --necessity) has a row for exactly the interventions there are", () => {
    const doc = readFileSync(join(REPO, "docs", "openclaw-releases.md"), "utf8");
    const start = doc.indexOf("<!-- lifecycle:start");
    const block = doc.slice(start, doc.indexOf("<!-- lifecycle:end -->", start));
    expect(start).toBeGreaterThanOrEqual(0);
    const rows = [...block.matchAll(/^\| `([^`]+)`/gm)].map((m) => m[1]);
    expect(rows).toEqual(manifests.map((m) => m.id).sort());
  });

  it("every intervention README names its evidence and says when to remove it", () => {
    expect(packages.length).toBeGreaterThan(0);
    for (const [index, pkg] of packages.entries()) {
      const manifest = manifests[index];
      const readme = squeeze(readFileSync(join(pkg.dir, "README.md"), "utf8"));
      for (const ref of manifest?.evidence ?? []) expect(readme, `${pkg.dir}/README.md`).toContain(ref);
      expect(readme, `${pkg.dir}/README.md`).toContain(squeeze(manifest?.removeWhen ?? "-"));
    }
  });

  it("the root README stays a newcomer's page: at most 10 KB", () => {
    expect(readFileSync(join(REPO, "README.md")).length).toBeLessThanOrEqual(10 * 1024);
  });
});
