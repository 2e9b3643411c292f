import { defineConfig } from "vitest/config";

/** `pnpm --filter @model-setup/e2e plan`: only the plan writer (test/write-plans.plan.ts). */
export default defineConfig({
  test: { include: ["test/write-plans.plan.ts"], testTimeout: 120_000 },
});
