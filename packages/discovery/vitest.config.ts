import { defineConfig } from "vitest/config";

// Property tests are CPU-bound; on a loaded 2-core CI box (turbo runs packages in parallel) 5 s is not enough.
export default defineConfig({ test: { testTimeout: 60_000 } });
