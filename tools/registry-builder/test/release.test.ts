/**
 * Building for an OpenClaw release: a compat key the target release does not accept is refused, naming the
 * release and the releases that do accept it. One case per key that differs between the supported releases.
 */
import { spawnSync } from "node:child_process";
import { NEWEST_OPENCLAW_RELEASE, OPENCLAW_RELEASES, openclawCompatOf } from "@model-setup/manifest";
import { describe, expect, it } from "vitest";
import { CLI, makeWorkspace, manifestFor } from "./workspace.js";

function check(root: string, ...flags: string[]) {
  return spawnSync(process.execPath, [CLI, "check", "--workspace", root, ...flags], { encoding: "utf8" });
}

/** A value the manifest schema accepts for each key that is not a boolean. */
const VALUES: Record<string, unknown> = { codeMode: "capable", maxTokensField: "max_tokens" };
const valueFor = (key: string, kind: string) => (kind === "boolean" ? true : VALUES[key]);

/** Keys the newest release accepts (so the manifest schema does) that some supported release does not. */
const differing = Object.entries(openclawCompatOf(NEWEST_OPENCLAW_RELEASE) ?? {}).flatMap(([key, kind]) =>
  OPENCLAW_RELEASES.filter((release) => !Object.hasOwn(openclawCompatOf(release) ?? {}, key)).map(
    (release) => [key, kind, release] as const,
  ),
);

describe("building for an OpenClaw release", () => {
  it("finds keys that differ between the supported releases", () => {
    expect(differing.length).toBeGreaterThan(0);
  });

  it.each(differing)(
    "refuses compat key %s (a %s) for OpenClaw %s, and accepts it for the newest",
    (key, kind, release) => {
      const compat = valueFor(key, kind);
      if (compat === undefined) throw new Error(`add a valid value for ${key} to VALUES`);
      const root = makeWorkspace({
        "interventions/a-fix": {
          manifest: manifestFor("a-fix", { effects: { openclawCompat: { [key]: compat } } }),
        },
      });
      const refused = check(root, "--openclaw", release);
      if (refused.status === 0) throw new Error(`${key} was accepted for ${release}`);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain(`#/effects/openclawCompat/${key}`);
      expect(refused.stderr).toContain(`OpenClaw ${release} does not accept compat key ${key}`);
      expect(check(root).status, check(root).stderr).toBe(0);
    },
  );

  it("refuses a release it does not support as a usage error", () => {
    const root = makeWorkspace({ "interventions/a-fix": {} });
    const run = check(root, "--openclaw", "2025.1.1");
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      `--openclaw 2025.1.1 is not a supported release (${OPENCLAW_RELEASES.join(", ")})`,
    );
  });
});
