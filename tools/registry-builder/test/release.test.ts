/**
 * Building for an OpenClaw release: a compat key the target release does not accept is refused, naming the
 * release and the releases that do accept it. One case per key that differs between the supported releases.
 * An intervention whose `openclaw` range excludes the target release is left out and recorded.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  isReleaseAtLeast,
  MANAGED_ROUTE,
  NEWEST_OPENCLAW_RELEASE,
  OPENCLAW_RELEASES,
  openclawCompatOf,
  PLUGINS_DIR,
  REASONING_TAGS_SINCE,
  REGISTRY_FILE,
  registrySchema,
  SETUP_DIR,
  SETUP_INDEX_DIR,
} from "@model-setup/manifest";
import { describe, expect, it } from "vitest";
import { CLI, makeWorkspace, manifestFor, pluginFiles, problemsOf, withPlugin } from "./workspace.js";

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

  it("refuses reasoning tags for a release that strips them before plugins, unless the range leaves it out", () => {
    const shaping = (range?: string) =>
      manifestFor("a-fix", {
        ...(range ? { openclaw: range } : {}),
        effects: { openclawReplyShaping: { reasoningTags: { tags: ["think"] } } },
      });
    const root = makeWorkspace({ "interventions/a-fix": { manifest: shaping() } });
    const old = OPENCLAW_RELEASES.filter((release) => !isReleaseAtLeast(release, REASONING_TAGS_SINCE));
    expect(old.length).toBeGreaterThan(0);
    for (const release of old) {
      const refused = check(root, "--openclaw", release);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain("#/effects/openclawReplyShaping/reasoningTags");
      expect(refused.stderr).toContain(`"openclaw": ">=${REASONING_TAGS_SINCE}"`);
    }
    expect(check(root).status).toBe(0);
    const ranged = makeWorkspace({
      "interventions/a-fix": { manifest: shaping(`>=${REASONING_TAGS_SINCE}`) },
    });
    for (const release of OPENCLAW_RELEASES) expect(check(ranged, "--openclaw", release).status).toBe(0);
  });

  it("refuses a release it does not support as a usage error", () => {
    const root = makeWorkspace({ "interventions/a-fix": {} });
    const run = check(root, "--openclaw", "2025.1.1");
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      `--openclaw 2025.1.1 is not a supported release (${OPENCLAW_RELEASES.join(", ")})`,
    );
  });
});

describe("an intervention's range of OpenClaw releases", () => {
  const [oldest] = OPENCLAW_RELEASES as [string];
  const onlyOldest = `<=${oldest}`;

  function build(root: string, ...flags: string[]) {
    const out = join(root, "out");
    const run = spawnSync(process.execPath, [CLI, "build", "--workspace", root, "--out", out, ...flags], {
      encoding: "utf8",
    });
    return { run, context: join(out, "context") };
  }
  const registryOf = (context: string) =>
    registrySchema.parse(JSON.parse(readFileSync(join(context, SETUP_INDEX_DIR, REGISTRY_FILE), "utf8")));

  it("stages an intervention on a release its range takes, and only records it on one it excludes", () => {
    const root = makeWorkspace({
      "interventions/old-fix": {
        manifest: { ...withPlugin("old-fix", "old-fix-plugin"), openclaw: onlyOldest },
        files: pluginFiles("old-fix-plugin"),
      },
      "interventions/any-fix": {},
    });
    const onOldest = build(root, "--openclaw", oldest);
    expect(onOldest.run.status, onOldest.run.stderr).toBe(0);
    expect(registryOf(onOldest.context).openclaw).toEqual({ release: oldest, notApplied: [] });
    expect(registryOf(onOldest.context).interventions.map((entry) => entry.id)).toEqual([
      "any-fix",
      "old-fix",
    ]);
    expect(existsSync(join(onOldest.context, PLUGINS_DIR, "old-fix-plugin", "index.js"))).toBe(true);

    const onNewest = build(root);
    expect(onNewest.run.status, onNewest.run.stderr).toBe(0);
    expect(onNewest.run.stdout).toContain(
      `old-fix not applied on OpenClaw ${NEWEST_OPENCLAW_RELEASE} (its openclaw range is "${onlyOldest}")`,
    );
    const registry = registryOf(onNewest.context);
    expect(registry.openclaw).toEqual({
      release: NEWEST_OPENCLAW_RELEASE,
      notApplied: [
        {
          id: "old-fix",
          agent: "openclaw",
          package: { name: "@test/old-fix", version: "1.0.0" },
          range: onlyOldest,
        },
      ],
    });
    expect(registry.interventions.map((entry) => entry.id)).toEqual(["any-fix"]);
    expect(existsSync(join(onNewest.context, SETUP_DIR, "openclaw", "old-fix.json"))).toBe(false);
    expect(readdirSync(join(onNewest.context, PLUGINS_DIR))).toEqual([]);
    const shards = readdirSync(join(onNewest.context, SETUP_INDEX_DIR), {
      recursive: true,
      encoding: "utf8",
    })
      .filter((path) => path.endsWith(".json") && path !== REGISTRY_FILE)
      .map((path) => readFileSync(join(onNewest.context, SETUP_INDEX_DIR, path), "utf8"));
    expect(shards.join("\n")).not.toContain("old-fix");
  });

  it("refuses a range that takes no supported release, and one that is not a range", async () => {
    const root = makeWorkspace({
      "interventions/future-fix": { manifest: manifestFor("future-fix", { openclaw: ">=2099.1.0" }) },
      "interventions/bad-range": { manifest: manifestFor("bad-range", { openclaw: "latest; rm -rf /" }) },
      "interventions/hermes-fix": {
        manifest: {
          ...manifestFor("hermes-fix", { openclaw: ">=2026.1.0" }),
          agent: "hermes",
          effects: { hermesCompat: { a: true } },
        },
      },
    });
    const problems = await problemsOf(root);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: "interventions/future-fix/manifest.json",
          pointer: "/openclaw",
          message: expect.stringContaining(
            'range ">=2099.1.0" takes none of the supported OpenClaw releases',
          ),
        }),
        expect.objectContaining({
          file: "interventions/bad-range/manifest.json",
          pointer: "/openclaw",
          message: expect.stringContaining("must be a semver range of OpenClaw releases"),
        }),
        expect.objectContaining({
          file: "interventions/hermes-fix/manifest.json",
          pointer: "/openclaw",
          message: expect.stringContaining("applies to openclaw interventions only"),
        }),
      ]),
    );
  });

  it("lets two interventions disagree on one model only when no release takes both ranges", async () => {
    const both = (second: string) =>
      makeWorkspace({
        "interventions/old-fix": {
          manifest: manifestFor("old-fix", {
            openclaw: onlyOldest,
            match: { modelIds: ["vendor/model"], ...MANAGED_ROUTE },
            effects: { openclawTools: { toolSearch: false } },
          }),
        },
        "interventions/new-fix": {
          manifest: manifestFor("new-fix", {
            openclaw: second,
            match: { modelIds: ["vendor/model"], ...MANAGED_ROUTE },
            effects: { openclawTools: { toolSearch: true } },
          }),
        },
      });
    expect(await problemsOf(both(`>${oldest}`))).toEqual([]);
    const overlapping = await problemsOf(both(`>=${oldest}`));
    expect(overlapping).toEqual([
      expect.objectContaining({
        file: "interventions/old-fix/manifest.json",
        message: expect.stringContaining("matches can overlap"),
      }),
    ]);
  });
});
