import { defineConfig } from "vitest/config";

/** `pnpm e2e`: every discovered case, two at a time (each OpenClaw run takes ~1.4 GB and one core). */
export default defineConfig({
  test: {
    include: ["test/**/*.e2e.ts"],
    maxConcurrency: Number(process.env.E2E_CONCURRENCY ?? 2),
    testTimeout: 300_000,
    hookTimeout: 60_000,
  },
});
