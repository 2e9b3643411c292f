/**
 * Negative: `nvidia/nemotron-3-nano-30b-a3b` is not matched (model ids are exact), so Tool Search keeps the generator's default (on).
 */
import { toolSearchUntouchedCase } from "@model-setup/e2e";

export default toolSearchUntouchedCase(
  "nemotron-3-super-120b-managed-inference",
  "nvidia/nemotron-3-nano-30b-a3b",
);
