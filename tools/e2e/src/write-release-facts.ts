/**
 * `pnpm --filter @model-setup/e2e facts`: reads the facts of every supported OpenClaw release (the root
 * package.json's `openclawReleases`, each installed in this package as `openclaw-<version>`, the newest as
 * `openclaw`) and writes them to packages/manifest/src/openclaw-releases.json, where the manifest package and the
 * builder read them. test/release-facts.test.ts fails while that file differs from what the installs declare.
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { canonicalJson, compareCodePoints } from "@model-setup/manifest";
import { REPO_ROOT, releaseDir } from "./paths.js";
import { type ReleaseFacts, readReleaseFacts } from "./release-facts.js";

export const RELEASE_FACTS_FILE = join(REPO_ROOT, "packages", "manifest", "src", "openclaw-releases.json");

/** The supported releases, in the order the root package.json lists them. */
export function supportedReleases(): string[] {
  const root = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as {
    openclawReleases?: unknown;
  };
  const releases = root.openclawReleases;
  if (!Array.isArray(releases) || releases.length === 0 || !releases.every((r) => typeof r === "string")) {
    throw new Error(
      `${join(REPO_ROOT, "package.json")}#/openclawReleases must list the supported OpenClaw releases`,
    );
  }
  return releases as string[];
}

/** The facts file's content for the installed releases. */
export function releaseFactsJson(): string {
  const releases: Record<string, Omit<ReleaseFacts, "version">> = {};
  for (const version of [...supportedReleases()].sort(compareCodePoints)) {
    const facts = readReleaseFacts(releaseDir(version));
    if (facts.version !== version)
      throw new Error(`${releaseDir(version)} holds ${facts.version}, not ${version}`);
    releases[version] = { compat: facts.compat, providerHooks: facts.providerHooks };
  }
  return canonicalJson({ releases });
}

if (process.argv[1]?.endsWith("write-release-facts.js")) {
  const temp = `${RELEASE_FACTS_FILE}.${process.pid}.tmp`;
  writeFileSync(temp, releaseFactsJson());
  renameSync(temp, RELEASE_FACTS_FILE);
  process.stdout.write(`wrote ${RELEASE_FACTS_FILE}\n`);
}
