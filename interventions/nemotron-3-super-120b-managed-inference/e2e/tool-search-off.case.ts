/**
 * Nemotron 3 Super with Tool Search off: the tools are offered directly in the request (`exec`, `read`, … with their
 * schemas), not behind `tool_search_code` (code mode), which this model fills in wrongly.
 */
import type { E2ECase } from "@model-setup/e2e";
import { expect } from "vitest";

export default {
  name: "nemotron-3-super-120b-managed-inference-tool-search-off",
  description: "tools are sent directly, no tool_search_code",
  route: { model: "nvidia/nemotron-3-super-120b-a12b" },
  prompt: "Say hello.",
  plugins: [],
  mock: [{ content: "hello" }],
  assert(run) {
    expect(run.config.tools).toEqual({ toolSearch: false });
    const names = run.chatRequests[0]?.toolNames() ?? [];
    expect(names).not.toContain("tool_search_code");
    expect(names).not.toContain("tool_search");
    expect(names).toEqual(expect.arrayContaining(["exec", "read", "write", "web_fetch"]));
  },
} satisfies E2ECase;
