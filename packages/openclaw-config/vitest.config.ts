import { defineConfig } from "vitest/config";

// The CLI tests spawn node; on a loaded 2-core CI box (turbo runs packages in parallel) 5 s is not enough.
export default defineConfig({
  test: { globalSetup: ["../../vitest.global-setup.ts"], testTimeout: 60_000 },
});
