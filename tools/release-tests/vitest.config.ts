import { defineConfig } from "vitest/config";

// Spawns pnpm, npm and a real registry (verdaccio); the suites together stay under about a minute.
export default defineConfig({
  test: { globalSetup: ["../../vitest.global-setup.ts"], testTimeout: 60_000, hookTimeout: 60_000 },
});
