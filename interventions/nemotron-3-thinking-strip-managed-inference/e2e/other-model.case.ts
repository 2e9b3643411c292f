/** Negative case: a Nemotron model outside the `nemotron-3` family on nvidia-prod keeps the user's thinking. */
import { keepsUserThinking } from "./shared.js";

export default keepsUserThinking(
  "nemotron-3-thinking-strip-managed-inference-other-model",
  "another Nemotron family on nvidia-prod keeps the user's thinking",
  { model: "nvidia/llama-3.3-nemotron-super-49b-v1", upstreamProvider: "nvidia-prod" },
);
