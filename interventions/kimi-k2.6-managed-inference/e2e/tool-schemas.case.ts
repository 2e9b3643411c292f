/**
 * On this route every tool except `exec` goes out with empty object parameters (the plugin's
 * normalizeToolSchemas), and Tool Search is off, so the tools are offered directly (no tool_search_code).
 *
 * This case found that OpenClaw adds its swarm fields (`collect`, `groupId`, `outputSchema`) to
 * `sessions_spawn` after normalizeToolSchemas ran; the plugin's stream wrapper therefore empties the schemas
 * once more in the context it hands to the request.
 */
import type { E2ECase } from "@model-setup/e2e";
import { expect } from "vitest";

export default {
  name: "kimi-k2.6-managed-inference-tool-schemas",
  description: "non-exec tool schemas are sent with empty parameters; tools are sent directly",
  route: { model: "moonshotai/kimi-k2.6" },
  prompt: "Say hello.",
  plugins: ["nemoclaw-kimi-inference-compat"],
  mock: [{ content: "hello" }],
  assert(run) {
    const [request] = run.chatRequests;
    const tools = request?.tools() ?? new Map();
    expect(tools.has("exec")).toBe(true);
    expect(tools.has("tool_search_code")).toBe(false);
    expect(tools.size).toBeGreaterThan(10);

    const exec = tools.get("exec") as { parameters?: { properties?: Record<string, unknown> } };
    expect(Object.keys(exec.parameters?.properties ?? {})).toContain("command");
    const isEmpty = (p: unknown) => JSON.stringify(p) === JSON.stringify({ type: "object", properties: {} });
    const notEmptied = [...tools].filter(([name, fn]) => name !== "exec" && !isEmpty(fn.parameters));
    expect(notEmptied.map(([name]) => name)).toEqual([]);
  },
} satisfies E2ECase;
