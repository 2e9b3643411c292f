/**
 * The exec split on the same route written another way (host in capitals, the default port, a trailing slash):
 * the generator matches the intervention on it and OpenClaw loads the plugin, so the plugin must act on it too.
 * Before one route guard served both, it stayed inert here and `hostname; date; uptime` ran as one call.
 */
import type { E2ECase } from "@model-setup/e2e";
import split from "./exec-split.case.js";

export default {
  ...split,
  name: "kimi-k2.6-managed-inference-exec-split-equivalent-route",
  description: "the split applies on https://INFERENCE.LOCAL:443/v1/ exactly as on the canonical base URL",
  route: { ...split.route, baseUrl: "https://INFERENCE.LOCAL:443/v1/" },
  necessity: false,
} satisfies E2ECase;
