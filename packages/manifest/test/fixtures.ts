import type { Manifest } from "../src/index.js";

export const MANAGED = {
  providerKey: "inference",
  inferenceApi: "openai-completions",
  baseUrl: "https://inference.local/v1",
} as const;

export function manifest(overrides: Partial<Manifest> = {}): Manifest {
  return {
    id: "example-managed-inference",
    agent: "openclaw",
    description: "An example intervention used by tests.",
    evidence: ["#1"],
    removeWhen: "the example model no longer needs it",
    match: { modelIds: ["vendor/example-1"], ...MANAGED },
    effects: { openclawTools: { toolSearch: false } },
    ...overrides,
  };
}

export function route(modelId: string, overrides: Partial<Record<keyof typeof MANAGED, string>> = {}) {
  return { modelId, ...MANAGED, ...overrides };
}
