/**
 * Negative: `nvidia/nemotron-3-ultra` is not matched (model ids are exact). Tool Search stays on (the generator's
 * default), so the request offers `tool_search_code` and defers most tools.
 */
import type { E2ECase } from "@model-setup/e2e";
import { expect } from "vitest";

export default {
  name: "nemotron-3-ultra-managed-inference-unmatched-route",
  description: "a model the manifest does not match is untouched",
  route: { model: "nvidia/nemotron-3-ultra" },
  prompt: "Say hello.",
  plugins: [],
  mock: [{ content: "hello" }],
  assert(run) {
    expect(run.config.tools).toEqual({ toolSearch: true }); // the generator's default when nothing matches
    const names = run.chatRequests[0]?.toolNames() ?? [];
    expect(names).toContain("tool_search_code");
    expect(names).not.toContain("web_fetch");
  },
} satisfies E2ECase;
