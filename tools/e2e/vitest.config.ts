import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["test/global-setup.ts"],
    include: ["test/**/*.test.ts"],
    // vitest's default (one worker fewer than the cores) runs these files one after the other on 2 cores, and this
    // suite ends `turbo run test` alone: its OpenClaw files (failure causes, batch, conversation, hermetic) take
    // minutes each, so two of them run side by side. Each run keeps its own scratch folder and namespaces.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 240_000,
    hookTimeout: 240_000,
  },
});
