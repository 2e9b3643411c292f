/**
 * Nemotron 3 Ultra (routed under its real double namespace) with Tool Search off: the tools are offered directly in the request, not behind
 * `tool_search_code` (code mode), which this model fills in wrongly.
 */
import { toolSearchOffCase } from "@model-setup/e2e";

export default toolSearchOffCase("nemotron-3-ultra-managed-inference", "nvidia/nvidia/nemotron-3-ultra");
