/**
 * Whether a hook context is the configured route. Every value OpenClaw reports must agree, and each predicate must
 * be reported at least once: a predicate OpenClaw leaves out fails closed (no change).
 */
import type { RequestShapingConfig } from "@model-setup/manifest";
import type { ProviderWrapStreamFnContext } from "@model-setup/openclaw-plugin-api";

type Route = RequestShapingConfig["route"];

const trimSlashes = (url: string) => url.trim().replace(/\/+$/, "");

function allReported(
  values: ReadonlyArray<string | null | undefined>,
  wanted: string,
  same = (v: string) => v,
) {
  const reported = values.filter((value): value is string => typeof value === "string");
  return reported.length > 0 && reported.every((value) => same(value) === same(wanted));
}

export function isConfiguredRoute(ctx: ProviderWrapStreamFnContext, route: Route): boolean {
  const model = ctx.model;
  const modelId = (id: string) => {
    const normalized = id.trim().toLowerCase();
    const prefix = `${route.provider.toLowerCase()}/`;
    return normalized.startsWith(prefix) ? normalized.slice(prefix.length) : normalized;
  };
  return (
    allReported([ctx.provider, model?.provider], route.provider) &&
    allReported([ctx.modelId, model?.id], route.model, modelId) &&
    allReported([ctx.sourceApi, model?.api], route.api) &&
    allReported([model?.baseUrl], route.baseUrl, trimSlashes)
  );
}
