import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadOwnManifest, managedRoute } from "../src/index.js";

function packageWith(folder: string, manifest: unknown): string {
  const dir = join(mkdtempSync(join(tmpdir(), "testkit-")), folder);
  mkdirSync(dir);
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest));
  return dir;
}

const valid = {
  id: "demo-fix",
  agent: "openclaw",
  description: "demo",
  evidence: ["#1"],
  removeWhen: "never",
  match: { modelIds: ["vendor/demo"] },
  effects: { openclawTools: { toolSearch: false } },
};

describe("intervention testkit", () => {
  it("builds managed routes", () => {
    expect(managedRoute("a/b")).toEqual({
      modelId: "a/b",
      providerKey: "inference",
      inferenceApi: "openai-completions",
      baseUrl: "https://inference.local/v1",
    });
  });

  it("loads a valid manifest", () => {
    expect(loadOwnManifest(packageWith("demo-fix", valid)).id).toBe("demo-fix");
  });

  it("fails with file and pointer when the manifest is invalid or misnamed", () => {
    expect(() => loadOwnManifest(packageWith("demo-fix", { ...valid, extra: true }))).toThrow(
      /manifest.json#\/extra: unknown field/,
    );
    expect(() => loadOwnManifest(packageWith("other-name", valid))).toThrow(
      /#\/id: .*folder name "other-name"/,
    );
  });
});
