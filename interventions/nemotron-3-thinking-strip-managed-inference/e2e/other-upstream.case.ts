/**
 * Negative case: the same model and user config behind another upstream provider. Some providers accept and use a
 * top-level `thinking`, so it stays, and the shaping plugin is not loaded at all.
 */
import { keepsUserThinking } from "./shared.js";

export default keepsUserThinking(
  "nemotron-3-thinking-strip-managed-inference-other-upstream",
  "the same model behind another upstream provider keeps the user's thinking",
  { model: "nvidia/nemotron-3-super-120b-a12b", upstreamProvider: "private-vllm" },
);
