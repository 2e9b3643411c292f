import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { E2ECase } from "../src/case.js";
import { ARTIFACTS_ROOT } from "../src/paths.js";
import { BATCH_MIN_CASES, planInspections, prepareRun, runsAsBatch } from "../src/prepare-run.js";

/** A prepared case's part the plan reads: its generated config, where it lies, and the plugins to inspect. */
function prepared(configPath: string, plugins: Record<string, unknown> | undefined, ids: string[]) {
  return { configPath, config: plugins === undefined ? {} : { plugins }, inspectPlugins: ids };
}

const kimi = {
  load: { paths: ["/usr/local/share/nemoclaw/openclaw-plugins/kimi"] },
  entries: { kimi: { enabled: true } },
};

describe("a run's cold plugin inspections", () => {
  it("inspects a plugin once for every case with the same config", () => {
    const plan = planInspections([
      prepared("/a.json", kimi, ["kimi"]),
      prepared("/b.json", undefined, []),
      prepared("/c.json", kimi, ["kimi"]),
    ]);
    expect(plan.inspections).toEqual([
      { label: "plugins-inspect-1-kimi", pluginId: "kimi", configPath: "/a.json" },
    ]);
    expect(plan.perCase).toEqual([
      { kimi: "plugins-inspect-1-kimi" },
      {},
      { kimi: "plugins-inspect-1-kimi" },
    ]);
  });

  it("inspects again when anything in the config differs: an entry's options, a load path, a plugin, any other key", () => {
    const withOptions = { ...kimi, entries: { kimi: { enabled: true, config: { strict: true } } } };
    const otherPath = { ...kimi, load: { paths: ["/elsewhere/kimi"] } };
    const two = {
      load: { paths: [...kimi.load.paths, "/usr/local/share/nemoclaw/openclaw-plugins/shaping"] },
      entries: { ...kimi.entries, shaping: { enabled: true } },
    };
    const plan = planInspections([
      prepared("/a.json", kimi, ["kimi"]),
      prepared("/b.json", withOptions, ["kimi"]),
      prepared("/c.json", otherPath, ["kimi"]),
      prepared("/d.json", two, ["kimi", "shaping"]),
      prepared("/e.json", two, ["kimi", "shaping"]),
      {
        ...prepared("/f.json", kimi, ["kimi"]),
        config: { plugins: kimi, agents: { defaults: { maxConcurrent: "x" } } },
      },
    ]);
    expect(plan.inspections.map((p) => [p.label, p.configPath])).toEqual([
      ["plugins-inspect-1-kimi", "/a.json"],
      ["plugins-inspect-2-kimi", "/b.json"],
      ["plugins-inspect-3-kimi", "/c.json"],
      ["plugins-inspect-4-kimi", "/d.json"],
      ["plugins-inspect-5-shaping", "/d.json"],
      ["plugins-inspect-6-kimi", "/f.json"],
    ]);
    expect(plan.perCase[4]).toEqual({ kimi: "plugins-inspect-4-kimi", shaping: "plugins-inspect-5-shaping" });
  });
});

describe("when cases run as a batch", () => {
  it("batches from three cases on, on 2026.9 and later only", () => {
    expect(runsAsBatch("2026.9.6", BATCH_MIN_CASES)).toBe(true);
    expect(runsAsBatch("2026.9.6", BATCH_MIN_CASES - 1)).toBe(false);
    expect(runsAsBatch("2026.8.2", 36)).toBe(false);
    expect(runsAsBatch("2026.7.1", 36)).toBe(false);
  });

  it("refuses a gateway run on an older release, an unsupported release, no case, or a cold run of two, before writing anything", () => {
    const c = { name: "x-case" } as E2ECase;
    expect(() => prepareRun([c], { openclaw: "2026.8.2", gateway: true })).toThrow(
      "OpenClaw 2026.8.2 runs no batch (before 2026.9.0): its cases run one by one",
    );
    expect(() => prepareRun([c], { openclaw: "2025.1.1", gateway: true })).toThrow(
      "OpenClaw 2025.1.1 is not a supported release",
    );
    expect(() => prepareRun([], { gateway: true })).toThrow("a run needs at least one case");
    expect(() => prepareRun([c, c])).toThrow("a cold run holds one case");
    expect(existsSync(join(ARTIFACTS_ROOT, "batch--x-case"))).toBe(false);
    expect(existsSync(join(ARTIFACTS_ROOT, "x-case"))).toBe(false);
  });
});
