import { defineConfig } from "vitest/config";

// The scaffold tests spawn the CLI, the registry builder (esbuild) and the scaffolded package's own vitest.
export default defineConfig({
  test: { globalSetup: ["../../vitest.global-setup.ts"], testTimeout: 60_000 },
});
