/**
 * Positive case: NVIDIA Build (nvidia-prod) serves a Nemotron 3 model and the user's config adds a top-level
 * `thinking` to every request. The shared shaping plugin removes it from every request the mock receives,
 * streaming still works, and the rest of the body is OpenClaw's (the merged chat template kwargs of the other
 * Nemotron intervention stay). Its necessity run (the intervention left out) is the control: there `thinking`
 * reaches the wire, which NVIDIA Build answers with 400.
 */
import type { E2ECase } from "@model-setup/e2e";
import { expect } from "vitest";
import { expectCompletedTurn, MOCK, userThinkingConfig } from "./shared.js";

const MODEL = "nvidia/nemotron-3-super-120b-a12b";

export default {
  name: "nemotron-3-thinking-strip-managed-inference-user-thinking",
  description: "a top-level thinking the user's config adds is removed on nvidia-prod",
  route: { model: MODEL, upstreamProvider: "nvidia-prod", reasoning: true },
  baseConfig: userThinkingConfig(MODEL),
  prompt: "Print a marker.",
  plugins: ["model-setup-shaping"],
  mock: MOCK,
  assert(run) {
    for (const request of run.chatRequests) {
      expect(request.body, "no top-level thinking").not.toHaveProperty("thinking");
      expect(request.body.stream, "a streaming request").toBe(true);
      expect(request.body.model).toBe(MODEL);
      expect(request.body.chat_template_kwargs).toEqual({ force_nonempty_content: true });
      expect(request.messages()[0]?.role).toBe("system");
    }
    expectCompletedTurn(run);
  },
} satisfies E2ECase;
