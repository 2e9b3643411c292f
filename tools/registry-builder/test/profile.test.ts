/**
 * Build profiles: a context built for upstream NemoClaw's generator carries only what that generator reads. An
 * intervention it cannot read is refused (one problem naming every unreadable part), or left out and recorded
 * when the user asks for it with --leave-out-unsupported.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REGISTRY_FILE, registrySchema, SETUP_DIR, SETUP_INDEX_DIR } from "@model-setup/manifest";
import { describe, expect, it } from "vitest";
import { CLI, makeWorkspace, manifestFor } from "./workspace.js";

function build(root: string, ...flags: string[]) {
  const out = join(root, "out");
  const run = spawnSync(process.execPath, [CLI, "build", "--workspace", root, "--out", out, ...flags], {
    encoding: "utf8",
  });
  return { run, context: join(out, "context"), out };
}
const registryOf = (context: string) =>
  registrySchema.parse(JSON.parse(readFileSync(join(context, SETUP_INDEX_DIR, REGISTRY_FILE), "utf8")));

function workspace() {
  return makeWorkspace({
    "interventions/plain-fix": {},
    "interventions/body-fix": {
      manifest: manifestFor("body-fix", { effects: { openclawRequestBody: { set: { top_k: 2 } } } }),
    },
    "interventions/upstream-fix": {
      manifest: manifestFor("upstream-fix", {
        match: { modelIds: ["vendor/upstream-fix"], upstreamProvider: "nvidia-prod" },
        effects: { openclawTools: { toolSearch: false }, openclawReasoning: true },
      }),
    },
  });
}

describe("build profiles", () => {
  it("builds everything for this project's generator, and says so in registry.json", () => {
    const { run, context } = build(workspace());
    expect(run.status, run.stderr).toBe(0);
    const registry = registryOf(context);
    expect(registry.profile).toEqual({ name: "model-setup", leftOut: [] });
    expect(registry.interventions.map((entry) => entry.id)).toEqual([
      "body-fix",
      "plain-fix",
      "upstream-fix",
    ]);
  });

  it("refuses, for upstream's generator, each intervention it cannot read, naming every part, and writes nothing", () => {
    const { run, out } = build(workspace(), "--profile", "nemoclaw");
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("2 problem(s); nothing was written");
    expect(run.stderr).toContain(
      "interventions/body-fix/manifest.json#/effects/openclawRequestBody: effect openclawRequestBody: upstream NemoClaw's config generator (build profile nemoclaw) cannot read it; build with the default profile, or pass --leave-out-unsupported to leave body-fix out of this context",
    );
    expect(run.stderr).toContain(
      "interventions/upstream-fix/manifest.json#/match/upstreamProvider: match predicate upstreamProvider, effect openclawReasoning: upstream NemoClaw's config generator (build profile nemoclaw) cannot read them;",
    );
    expect(existsSync(out)).toBe(false);
  });

  it("leaves them out on request, and records what and why", () => {
    const { run, context } = build(workspace(), "--profile", "nemoclaw", "--leave-out-unsupported");
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      "registry-builder: body-fix left out for profile nemoclaw (effect openclawRequestBody)",
    );
    const registry = registryOf(context);
    expect(registry.interventions.map((entry) => entry.id)).toEqual(["plain-fix"]);
    expect(registry.profile).toEqual({
      name: "nemoclaw",
      leftOut: [
        {
          id: "body-fix",
          agent: "openclaw",
          package: { name: "@test/body-fix", version: "1.0.0" },
          unsupported: ["effect openclawRequestBody"],
        },
        {
          id: "upstream-fix",
          agent: "openclaw",
          package: { name: "@test/upstream-fix", version: "1.0.0" },
          unsupported: ["match predicate upstreamProvider", "effect openclawReasoning"],
        },
      ],
    });
    expect(existsSync(join(context, SETUP_DIR, "openclaw", "body-fix.json"))).toBe(false);
  });

  it("refuses a profile it does not know as a usage error", () => {
    const { run } = build(workspace(), "--profile", "other");
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("--profile other is not a build profile (model-setup, nemoclaw)");
  });
});
