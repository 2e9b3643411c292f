/**
 * Whether a hook context is the configured route: the generator wrote the route it matched into the plugin
 * config, and the one route guard compares what OpenClaw reports against it exactly as the generator compares.
 */
import type { ShapingConfig } from "@model-setup/manifest";
import { hookMatchesRoute, type RouteFacts } from "@model-setup/manifest/route-guard";

type Route = ShapingConfig["route"];

export function isConfiguredRoute(ctx: RouteFacts, route: Route): boolean {
  return hookMatchesRoute(
    { providerKey: route.provider, modelIds: [route.model], inferenceApi: route.api, baseUrl: route.baseUrl },
    ctx,
  );
}
