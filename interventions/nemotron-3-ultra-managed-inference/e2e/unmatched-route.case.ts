/**
 * Negative: `nvidia/nemotron-3-ultra` (single namespace) is not matched (model ids are exact), so Tool Search keeps the generator's default (on).
 */
import { toolSearchUntouchedCase } from "@model-setup/e2e";

export default toolSearchUntouchedCase("nemotron-3-ultra-managed-inference", "nvidia/nemotron-3-ultra");
