/**
 * Route guard: the plugin changes nothing unless OpenClaw is talking to Kimi K2.6 on the managed
 * `inference.local` route through the chat-completions API. The route is the intervention's own `match` (bundled
 * in), compared by the one guard the config generator matches with, so a route the generator gives this plugin is
 * never one the plugin ignores.
 */
import { hookMatchesRoute, type RouteFacts } from "@model-setup/manifest/route-guard";
import manifest from "../../manifest.json" with { type: "json" };

export type { RouteFacts };

export function isKimiManagedRoute(ctx: RouteFacts): boolean {
  return hookMatchesRoute(manifest.match, ctx);
}
