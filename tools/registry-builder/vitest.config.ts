import { defineConfig } from "vitest/config";

// The output tests spawn real builds (esbuild + node); on a loaded 2-core CI box they need more than 5 s.
export default defineConfig({
  test: { globalSetup: ["../../vitest.global-setup.ts"], testTimeout: 60_000 },
});
