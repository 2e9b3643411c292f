import { defineConfig } from "vitest/config";

// The generator test runs the real builder over a generated workspace (esbuild); loaded CI boxes are slow.
export default defineConfig({
  test: { globalSetup: ["../../vitest.global-setup.ts"], testTimeout: 60_000 },
});
