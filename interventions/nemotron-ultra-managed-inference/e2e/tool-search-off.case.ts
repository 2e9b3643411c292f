/**
 * Llama 3.1 Nemotron Ultra (routed under its real double namespace) with Tool Search off: the tools are offered directly in the request, not behind
 * `tool_search_code` (code mode), which this model fills in wrongly.
 */
import { toolSearchOffCase } from "@model-setup/e2e";

export default toolSearchOffCase(
  "nemotron-ultra-managed-inference",
  "nvidia/nvidia/llama-3.1-nemotron-ultra-253b-v1",
);
