/**
 * Negative: `nvidia/llama-3.1-nemotron-ultra-253b-v1` (single namespace) is not matched (model ids are exact), so Tool Search keeps the generator's default (on).
 */
import { toolSearchUntouchedCase } from "@model-setup/e2e";

export default toolSearchUntouchedCase(
  "nemotron-ultra-managed-inference",
  "nvidia/llama-3.1-nemotron-ultra-253b-v1",
);
