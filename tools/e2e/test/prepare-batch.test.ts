import { describe, expect, it } from "vitest";
import { planInspections } from "../src/prepare-batch.js";

/** A prepared case's part the plan reads: its generated config, where it lies, and the plugins to inspect. */
function prepared(configPath: string, plugins: Record<string, unknown> | undefined, ids: string[]) {
  return { configPath, config: plugins === undefined ? {} : { plugins }, inspectPlugins: ids };
}

const kimi = {
  load: { paths: ["/usr/local/share/nemoclaw/openclaw-plugins/kimi"] },
  entries: { kimi: { enabled: true } },
};

describe("the batch's cold plugin inspections", () => {
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
