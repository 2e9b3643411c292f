/**
 * A model switch keeps the fix: the config is generated for Kimi K2.6, switched by `openclaw-config switch` to a
 * Nemotron model, then to GPT-5, then back to Kimi (OpenClaw validates the config after every switch), and the
 * headline exec-split turn then runs on the switched-back config exactly as on a fresh one.
 */
import type { E2ECase } from "@model-setup/e2e";
import execSplit from "./exec-split.case.js";

export default {
  ...execSplit,
  name: "kimi-k2.6-managed-inference-after-switch",
  description: "after switching kimi -> nemotron -> gpt-5 -> kimi, the combined exec call is still split",
  switchedFrom: [
    { model: "moonshotai/kimi-k2.6" },
    { model: "nvidia/nemotron-3-super-120b-a12b" },
    { model: "openai/gpt-5.1" },
  ],
} satisfies E2ECase;
