/**
 * The shared request-shaping plugin: staged once, from its own workspace package, whenever a staged intervention
 * declares a request-body effect OpenClaw's configuration cannot express. Its OpenClaw manifest lists the provider
 * keys of those interventions, because OpenClaw consults a provider's plugins by the providers they declare.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  needsRequestShapingPlugin,
  REQUEST_SHAPING_PLUGIN_ID,
  requestShapingPluginManifest,
} from "@model-setup/manifest";
import { bundlePlugin } from "./bundle.js";
import type { LoadedIntervention } from "./load.js";

export interface SharedPlugin {
  id: string;
  package: { name: string; version: string };
  /** OpenClaw's manifest for the staged folder. */
  pluginManifest: Record<string, unknown>;
  bundle: Buffer;
  /** The interventions that need it, by id. */
  usedBy: string[];
}

export const REQUEST_SHAPING_PACKAGE = "@model-setup/request-shaping-plugin";

/** The staged interventions that need the shared plugin. */
export function requestShapingUsers(applied: readonly LoadedIntervention[]): LoadedIntervention[] {
  return applied.filter(
    ({ manifest }) =>
      manifest.agent === "openclaw" && needsRequestShapingPlugin(manifest.effects.openclawRequestBody),
  );
}

/** Bundles the shared plugin for these users; undefined when none needs it. */
export async function requestShapingPlugin(
  users: readonly LoadedIntervention[],
): Promise<SharedPlugin | undefined> {
  if (users.length === 0) return undefined;
  const packageFile = fileURLToPath(import.meta.resolve("@model-setup/request-shaping-plugin/package.json"));
  const pkg = JSON.parse(readFileSync(packageFile, "utf8")) as {
    version: string;
    /** Not `modelSetup`: that field marks intervention packages for discovery. */
    openclawPluginEntry: string;
  };
  const dir = dirname(packageFile);
  return {
    id: REQUEST_SHAPING_PLUGIN_ID,
    package: { name: REQUEST_SHAPING_PACKAGE, version: pkg.version },
    pluginManifest: requestShapingPluginManifest(
      // The schema requires a provider key wherever the plugin is needed.
      users.map(({ manifest }) => manifest.match.providerKey as string),
    ),
    bundle: await bundlePlugin(dir, join(dir, pkg.openclawPluginEntry), {}),
    usedBy: users.map(({ manifest }) => manifest.id).sort(),
  };
}
