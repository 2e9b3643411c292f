/**
 * Nemotron 3 Super with Tool Search off: the tools are offered directly in the request, not behind
 * `tool_search_code` (code mode), which this model fills in wrongly.
 */
import { toolSearchOffCase } from "@model-setup/e2e";

export default toolSearchOffCase(
  "nemotron-3-super-120b-managed-inference",
  "nvidia/nemotron-3-super-120b-a12b",
);
