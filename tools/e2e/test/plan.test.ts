import {
  MANAGED_ROUTE,
  type Manifest,
  NEWEST_OPENCLAW_RELEASE,
  OPENCLAW_RELEASES,
  type Registry,
  toSetupRecord,
} from "@model-setup/manifest";
import { describe, expect, it } from "vitest";
import type { E2ECase } from "../src/case.js";
import type { LoadedCase } from "../src/load-cases.js";
import { planCases } from "../src/plan.js";

const manifest = (id: string, match: Manifest["match"], effects: Manifest["effects"] = {}): Manifest => ({
  id,
  agent: "openclaw",
  description: `test ${id}`,
  evidence: ["#1"],
  removeWhen: "never",
  match: { ...match, ...MANAGED_ROUTE },
  effects: { openclawTools: { toolSearch: false }, ...effects },
});

const ALPHA = manifest("alpha-fix", { modelIds: ["acme/alpha"] });
const BETA = manifest(
  "beta-fix",
  { modelIds: ["acme/beta"] },
  { openclawRequestBody: { remove: ["thinking"] } },
);
const FAMILY = manifest("family-fix", { modelIdPrefixes: ["alpha"] });

/** A registry as the builder writes it, with one digest per intervention that a test may change. */
function registry(digests: Record<string, string> = {}, shared = "s1"): Registry {
  return {
    schemaVersion: 6,
    pluginInstallRoot: "/usr/local/share/nemoclaw/openclaw-plugins",
    openclaw: { release: NEWEST_OPENCLAW_RELEASE, notApplied: [] },
    interventions: [ALPHA, BETA, FAMILY].map((m) => ({
      id: m.id,
      agent: m.agent,
      package: { name: `@test/${m.id}`, version: "1.0.0" },
      records: { upstream: null, index: `openclaw/records/${m.id}.json` },
      files: { [`model-setup-index/openclaw/records/${m.id}.json`]: (digests[m.id] ?? "0").repeat(64) },
      manifest: toSetupRecord(m),
      upstream: { dropped: [] },
    })),
    sharedPlugins: [
      {
        id: "model-setup-shaping",
        path: "openclaw-plugins/model-setup-shaping",
        loadPath: "/usr/local/share/nemoclaw/openclaw-plugins/model-setup-shaping",
        package: { name: "@test/shaping", version: "1.0.0" },
        usedBy: ["beta-fix"],
        files: { "openclaw-plugins/model-setup-shaping/index.js": shared.repeat(32) },
      },
    ],
  };
}

function loaded(
  owner: Manifest,
  c: Partial<E2ECase> & { name: string; route: E2ECase["route"] },
): LoadedCase {
  return {
    manifest: owner,
    packageDir: `/ws/interventions/${owner.id}`,
    file: `/ws/interventions/${owner.id}/e2e/x.case.ts`,
    case: {
      description: "a case",
      prompt: "Print a marker.",
      mock: [{ content: "done" }],
      plugins: [],
      assert() {},
      ...c,
    },
  };
}

const CASES = [
  loaded(ALPHA, { name: "alpha-fix-runs", route: { model: "acme/alpha" } }),
  loaded(BETA, { name: "beta-fix-runs", route: { model: "acme/beta" } }),
  loaded(FAMILY, {
    name: "family-fix-after-switch",
    route: { model: "vendor/alpha-2" },
    switchedFrom: [{ model: "acme/beta" }],
  }),
];

const plans = (reg: Registry, cases = CASES, release = NEWEST_OPENCLAW_RELEASE) =>
  Object.fromEntries(
    [...planCases(cases, reg, release)].map(([dir, plan]) => [dir.split("/").pop() as string, plan]),
  );

/** Which interventions' plans differ between two registries or case lists. */
function changed(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys({ ...before, ...after })
    .filter((id) => before[id] !== after[id])
    .sort();
}

describe("e2e plans", () => {
  const base = plans(registry());

  it("hold, for every route a case's config is generated for, the staged files of what that route loads", () => {
    const family = JSON.parse(base["family-fix"] as string);
    const [switched, final] = family.cases[0].routes;
    expect(switched.interventions.map((i: { id: string }) => i.id)).toEqual(["beta-fix"]);
    expect(switched.sharedPlugins.map((p: { id: string }) => p.id)).toEqual(["model-setup-shaping"]);
    expect(final.interventions.map((i: { id: string }) => i.id)).toEqual(["family-fix"]);
    expect(family.cases[0].case).not.toHaveProperty("assert");
    expect(family.openclaw).toBe(NEWEST_OPENCLAW_RELEASE);
  });

  it("change only for the cases an intervention's staged files reach, its own and those routed through it", () => {
    expect(changed(base, plans(registry({ "alpha-fix": "1" })))).toEqual(["alpha-fix"]);
    expect(changed(base, plans(registry({ "beta-fix": "1" })))).toEqual(["beta-fix", "family-fix"]);
    // family-fix's prefix also matches acme/alpha: the two merge on that route, so alpha's case re-runs too.
    expect(changed(base, plans(registry({ "family-fix": "1" })))).toEqual(["alpha-fix", "family-fix"]);
  });

  it("change for the users of a shared plugin when its files change, and for no one else", () => {
    expect(changed(base, plans(registry({}, "s2")))).toEqual(["beta-fix", "family-fix"]);
  });

  it("change with a case's own data and with the release, and are the same bytes for the same inputs", () => {
    const edited = CASES.map((c) =>
      c.case.name === "alpha-fix-runs" ? { ...c, case: { ...c.case, prompt: "Print two markers." } } : c,
    );
    expect(changed(base, plans(registry(), edited))).toEqual(["alpha-fix"]);
    const older = OPENCLAW_RELEASES[0] as string;
    expect(changed(base, plans(registry(), CASES, older))).toEqual(["alpha-fix", "beta-fix", "family-fix"]);
    expect(plans(registry())).toEqual(base);
  });
});
