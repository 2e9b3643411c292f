/** fast-check arbitraries for user configs and generated configs, shared by the merge and provenance properties. */
import { MANAGED_ROUTE } from "@model-setup/manifest";
import fc from "fast-check";
import { generateConfig } from "../../src/index.js";
import { managedRoute, record } from "./setup-dir.js";

const pluginId = fc.constantFrom("widget-plugin", "gizmo-plugin", "nemoclaw", "acpx");
const modelId = fc.constantFrom("acme/widget-7b", "my/other-model", "old", "z/last");
const providerKey = fc.constantFrom("inference", "other", "__proto__", "constructor");
export const baseArb = fc.record(
  {
    plugins: fc.record(
      {
        allow: fc.array(pluginId, { maxLength: 3 }),
        deny: fc.array(pluginId, { maxLength: 2 }),
        enabled: fc.boolean(),
        entries: fc.dictionary(pluginId, fc.record({ enabled: fc.boolean() })),
        load: fc.record({ paths: fc.array(fc.constantFrom("/opt/a", "/opt/b"), { maxLength: 2 }) }),
      },
      { requiredKeys: [] },
    ),
    models: fc.record({
      providers: fc.dictionary(
        providerKey,
        fc.record({
          models: fc.array(fc.record({ id: modelId, contextWindow: fc.nat() }), { maxLength: 3 }),
        }),
      ),
    }),
    gateway: fc.jsonValue(),
    tools: fc.record({ toolSearch: fc.oneof(fc.boolean(), fc.constant({ mode: "tools" })) }),
    agents: fc.record({ defaults: fc.record({ model: fc.record({ primary: fc.constant("other/model") }) }) }),
  },
  { requiredKeys: [] },
);

const match = { modelIds: ["acme/widget-7b"], ...MANAGED_ROUTE };
const plugged = (id: string) => record(`${id}-fix`, match, { openclawPlugins: [{ id, path: "plugin" }] });
const compat = record("compat-fix", match, {
  openclawCompat: { supportsStore: false },
  openclawTools: { toolSearch: false },
});

/** Routes of acme/widget-7b with zero, one or two plugin interventions, with or without a compat one. */
export const generatedArb = fc
  .tuple(fc.subarray(["widget-plugin", "gizmo-plugin"]), fc.boolean())
  .map(([ids, withCompat]) =>
    generateConfig(managedRoute("acme/widget-7b"), [...ids.map(plugged), ...(withCompat ? [compat] : [])]),
  );
