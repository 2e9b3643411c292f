import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

/**
 * `pnpm e2e`: every discovered case, one per two cores by default: a case's agent turn (about 1.4 cores while
 * OpenClaw starts) and its read-only checks (niced) run side by side; more cases at once only slow each turn.
 */
export default defineConfig({
  test: {
    globalSetup: ["test/global-setup.ts"],
    include: ["test/**/*.e2e.ts"],
    maxConcurrency: Number(
      process.env.E2E_CONCURRENCY || Math.max(1, Math.floor(availableParallelism() / 2)),
    ),
    testTimeout: 300_000,
    hookTimeout: 60_000,
  },
});
