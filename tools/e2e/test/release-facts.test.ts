/**
 * The facts the manifest package carries per OpenClaw release are what the installed releases declare, and the
 * manifest's own compat schema is exactly the newest release's. Bumping or adding a release without
 * `pnpm --filter @model-setup/e2e facts` fails here.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  NEWEST_OPENCLAW_RELEASE,
  OPENCLAW_COMPAT_KEYS,
  OPENCLAW_COMPAT_SOURCE,
  OPENCLAW_RELEASES,
  openclawCompatOf,
  openclawCompatSchema,
  openclawProviderHooksOf,
} from "@model-setup/manifest";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, releaseDir } from "../src/paths.js";
import { providerHooksIn } from "../src/release-facts.js";
import { RELEASE_FACTS_FILE, releaseFactsJson, supportedReleases } from "../src/write-release-facts.js";

describe("OpenClaw release facts", () => {
  it("every supported release is installed at the version the root package.json names", () => {
    for (const version of supportedReleases()) {
      const pkg = JSON.parse(readFileSync(join(releaseDir(version), "package.json"), "utf8"));
      expect(pkg.version).toBe(version);
    }
    expect([...OPENCLAW_RELEASES].sort()).toEqual([...supportedReleases()].sort());
  });

  it("the manifest package's facts are what the installed releases declare (else: pnpm --filter @model-setup/e2e facts)", () => {
    expect(readFileSync(RELEASE_FACTS_FILE, "utf8")).toBe(releaseFactsJson());
  });

  it("the manifest's compat schema is the newest release's: same keys, same boolean-ness", () => {
    expect(OPENCLAW_COMPAT_SOURCE.version).toBe(NEWEST_OPENCLAW_RELEASE);
    const newest = openclawCompatOf(NEWEST_OPENCLAW_RELEASE) ?? {};
    expect(Object.keys(newest).sort()).toEqual(OPENCLAW_COMPAT_KEYS);
    for (const [key, kind] of Object.entries(newest)) {
      expect(openclawCompatSchema.safeParse({ [key]: true }).success, key).toBe(kind === "boolean");
    }
  });

  it("every hook the plugin API describes is one every supported release calls", () => {
    const ours = providerHooksIn(join(REPO_ROOT, "packages", "openclaw-plugin-api", "src", "provider.ts"));
    expect(ours).toEqual(["inspectToolSchemas", "normalizeToolSchemas", "wrapStreamFn"]);
    for (const release of OPENCLAW_RELEASES) {
      const missing = ours.filter((hook) => !openclawProviderHooksOf(release)?.includes(hook));
      expect(missing, `hooks OpenClaw ${release} does not call`).toEqual([]);
    }
  });
});
