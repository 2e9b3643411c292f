/**
 * Cases shared by interventions whose effect is Tool Search off: each such intervention still owns its case
 * files (names, routes), but the behaviour they prove is one and is written once here.
 */
import { expect } from "vitest";
import type { E2ECase } from "./case.js";

const COMMON = { prompt: "Say hello.", plugins: [], mock: [{ content: "hello" }] } satisfies Partial<E2ECase>;

/** Tool Search off: the request offers the tools directly (with schemas), never behind tool_search(_code). */
export function toolSearchOffCase(interventionId: string, model: string): E2ECase {
  return {
    ...COMMON,
    name: `${interventionId}-tool-search-off`,
    description: "tools are sent directly, no tool_search_code",
    route: { model },
    assert(run) {
      expect(run.config.tools).toEqual({ toolSearch: false });
      const names = run.chatRequests[0]?.toolNames() ?? [];
      expect(names).not.toContain("tool_search_code");
      expect(names).not.toContain("tool_search");
      expect(names).toEqual(expect.arrayContaining(["exec", "read", "write", "web_fetch"]));
    },
  };
}

/** Negative: a model the manifest does not match keeps the generator's default, Tool Search (code mode) on. */
export function toolSearchUntouchedCase(interventionId: string, model: string): E2ECase {
  return {
    ...COMMON,
    name: `${interventionId}-unmatched-route`,
    description: "a model the manifest does not match is untouched",
    route: { model },
    assert(run) {
      expect(run.config.tools).toEqual({ toolSearch: true });
      const names = run.chatRequests[0]?.toolNames() ?? [];
      expect(names).toContain("tool_search_code");
      expect(names).not.toContain("web_fetch");
    },
  };
}
