import { MANAGED_ROUTE, sortKeysDeep } from "@model-setup/manifest";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BaseConflictError, generateConfig, mergeIntoBase } from "../src/index.js";
import { diffConfigs, pointerOf, revertChanges } from "../src/provenance.js";
import { baseArb, generatedArb } from "./helpers/arbitraries.js";
import { managedRoute, record } from "./helpers/setup-dir.js";

const match = { modelIds: ["acme/widget-7b"], ...MANAGED_ROUTE };
const generated = generateConfig(managedRoute("acme/widget-7b"), [
  record("widget-fix", match, {
    openclawCompat: { supportsStore: false },
    openclawPlugins: [{ id: "widget-plugin", path: "plugin" }],
  }),
]);
const userBase = {
  gateway: { port: 18789 },
  plugins: { allow: ["nemoclaw"], load: { paths: ["/opt/own-plugin"] } },
  models: {
    providers: {
      inference: {
        baseUrl: "https://inference.local/v1",
        api: "openai-completions",
        models: [{ id: "my/other-model", name: "mine", contextWindow: 1000 }],
      },
    },
  },
  agents: { defaults: { model: { primary: "inference/my/other-model" } } },
};
const merged = mergeIntoBase(structuredClone(userBase), generated);
const changes = diffConfigs(userBase, merged);

/** The parts of the written config the tests edit, as a user would. */
type Written = Record<string, unknown> & {
  plugins: { entries: Record<string, unknown> };
  agents: { defaults: { model: { primary: string } } };
  models: { providers: { inference: { models: { id: string; compat?: object }[] } } };
};
const editable = () => structuredClone(merged) as unknown as Written;

function revert(config: Record<string, unknown>) {
  return revertChanges(config, changes, "openclaw-config (for acme/widget-7b)");
}

describe("diffConfigs", () => {
  it("records what the generator added and replaced, down to model entries and list members", () => {
    const pointers = changes.map((change) => pointerOf(change.path));
    expect(pointers).toContain('/models/providers/inference/models/[id="acme/widget-7b"]');
    expect(pointers).toContain(
      '/models/providers/inference/models/[id="acme/widget-7b"]/compat/supportsStore',
    );
    expect(pointers).toContain('/plugins/allow/[member "widget-plugin"]');
    expect(pointers).toContain(
      '/plugins/load/paths/[member "/usr/local/share/nemoclaw/openclaw-plugins/widget-plugin"]',
    );
    expect(changes).toContainEqual({
      path: ["agents", "defaults", "model", "primary"],
      before: "inference/my/other-model",
      after: "inference/acme/widget-7b",
    });
    // The user's own entries are not the generator's: nothing about them is recorded.
    expect(pointers.some((pointer) => pointer.includes("my/other-model"))).toBe(false);
    expect(pointers.some((pointer) => pointer.startsWith("/gateway"))).toBe(false);
  });

  it("records nothing when the base already holds everything", () => {
    expect(diffConfigs(merged, merged)).toEqual([]);
  });
});

describe("revertChanges", () => {
  it("gives back the user's config exactly", () => {
    expect(revert(merged)).toEqual({ config: sortKeysDeep(userBase) });
  });

  it("keeps what the user added since, even inside what the generator created", () => {
    const edited = editable();
    edited.session = { scope: "per-sender" };
    edited.plugins.entries["my-plugin"] = { enabled: true };
    const result = revert(edited);
    expect(result).toEqual({
      config: sortKeysDeep({
        ...userBase,
        session: { scope: "per-sender" },
        plugins: { ...userBase.plugins, entries: { "my-plugin": { enabled: true } } },
      }),
    });
  });

  it("takes nothing back twice: a value the user removed, or set back to their own, stays as it is", () => {
    const edited = editable();
    delete edited.plugins.entries["widget-plugin"];
    edited.agents.defaults.model.primary = "inference/my/other-model";
    expect(revert(edited)).toEqual({ config: sortKeysDeep(userBase) });
  });

  it("refuses to guess where the user changed a value the generator wrote, naming each place", () => {
    const edited = editable();
    edited.agents.defaults.model.primary = "inference/somebody/else";
    const model = edited.models.providers.inference.models.find((entry) => entry.id === "acme/widget-7b");
    if (model) model.compat = { supportsStore: true };
    const result = revert(edited);
    expect(result).toEqual({
      ambiguous: [
        {
          pointer: "/agents/defaults/model/primary",
          message:
            'openclaw-config (for acme/widget-7b) wrote "inference/acme/widget-7b" here (replacing "inference/my/other-model") and it now holds "inference/somebody/else", so it cannot tell whether that is your setting to keep or its own to take back: put back "inference/acme/widget-7b" (it is then restored to "inference/my/other-model"), or set "inference/my/other-model" yourself',
        },
        {
          pointer: '/models/providers/inference/models/[id="acme/widget-7b"]/compat/supportsStore',
          message:
            "openclaw-config (for acme/widget-7b) wrote false here (where there was nothing) and it now holds true, so it cannot tell whether that is your setting to keep or its own to take back: put back false (it is then removed), or remove it yourself",
        },
      ],
    });
  });

  it("leaves the config it was given untouched", () => {
    const copy = structuredClone(merged);
    revert(merged);
    expect(merged).toEqual(copy);
  });
});

describe("generate, then take it back out, over arbitrary user configs (fast-check)", () => {
  it("returns exactly the user's config, and regenerating from it gives the same config again", () => {
    fc.assert(
      fc.property(baseArb, generatedArb, (rawBase, config) => {
        const base = JSON.parse(JSON.stringify(rawBase)) as Record<string, unknown>;
        let written: Record<string, unknown>;
        try {
          written = mergeIntoBase(structuredClone(base), config);
        } catch (error) {
          expect(error).toBeInstanceOf(BaseConflictError);
          return;
        }
        const recorded = diffConfigs(base, written);
        const reverted = revertChanges(written, recorded, "test");
        expect(reverted).toEqual({ config: sortKeysDeep(base) });
        if (!("config" in reverted)) return;
        const again = mergeIntoBase(reverted.config, config);
        expect(JSON.stringify(again)).toBe(JSON.stringify(written));
        expect(diffConfigs(reverted.config, again)).toEqual(recorded);
      }),
      { numRuns: 500 },
    );
  });
});
