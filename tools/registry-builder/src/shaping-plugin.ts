/**
 * The shared shaping plugin: staged once, from its own workspace package, whenever a staged intervention
 * declares a request-body effect OpenClaw's configuration cannot express. Its OpenClaw manifest lists the provider
 * keys of those interventions, because OpenClaw consults a provider's plugins by the providers they declare.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { needsShapingPlugin, SHAPING_PLUGIN_ID, shapingPluginManifest } from "@model-setup/manifest";
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

export const SHAPING_PACKAGE = "@model-setup/shaping-plugin";

/** The staged interventions that need the shared plugin. */
export function shapingUsers(applied: readonly LoadedIntervention[]): LoadedIntervention[] {
  return applied.filter(
    ({ manifest }) => manifest.agent === "openclaw" && needsShapingPlugin(manifest.effects),
  );
}

/** Bundles the shared plugin for these users; undefined when none needs it. */
export async function shapingPlugin(users: readonly LoadedIntervention[]): Promise<SharedPlugin | undefined> {
  if (users.length === 0) return undefined;
  const packageFile = fileURLToPath(import.meta.resolve("@model-setup/shaping-plugin/package.json"));
  const pkg = JSON.parse(readFileSync(packageFile, "utf8")) as {
    version: string;
    /** Not `modelSetup`: that field marks intervention packages for discovery. */
    openclawPluginEntry: string;
    /** Bundled in: the route guard and the reply-shaping core. */
    dependencies?: Record<string, string>;
  };
  const dir = dirname(packageFile);
  return {
    id: SHAPING_PLUGIN_ID,
    package: { name: SHAPING_PACKAGE, version: pkg.version },
    pluginManifest: shapingPluginManifest(
      // The schema requires a provider key wherever the plugin is needed.
      users.map(({ manifest }) => manifest.match.providerKey as string),
    ),
    bundle: await bundlePlugin(dir, join(dir, pkg.openclawPluginEntry), pkg.dependencies ?? {}),
    usedBy: users.map(({ manifest }) => manifest.id).sort(),
  };
}
