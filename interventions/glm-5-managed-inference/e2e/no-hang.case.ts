/**
 * NVIDIA Build's GLM-5 endpoint, as NemoClaw#3779 reports it: a request carrying max_completion_tokens gets
 * no answer at all (the turn hangs until its timeout). With the intervention OpenClaw sends max_tokens, so
 * the agent runs its tool, the result reaches the model and the turn ends with its answer.
 */
import type { E2ECase } from "@model-setup/e2e";
import { expect } from "vitest";

const ID = "call_glm_1";

export default {
  name: "glm-5-managed-inference-no-hang",
  description: "an endpoint that never answers max_completion_tokens gets max_tokens and answers",
  route: { model: "z-ai/glm-5.1" },
  prompt: "What is this machine's hostname?",
  plugins: [],
  timeoutSeconds: 20,
  endpoint: [{ when: { field: "max_completion_tokens", present: true }, answer: "hang" }],
  mock: [
    { toolCalls: [{ id: ID, name: "exec", arguments: { command: "hostname" } }] },
    { content: "FINAL: host reported." },
  ],
  assert(run) {
    expect(run.chatRequests).toHaveLength(2);
    for (const request of run.chatRequests) {
      expect(request.body.max_tokens).toBeTypeOf("number");
      expect(request.body).not.toHaveProperty("max_completion_tokens");
    }
    expect(run.trajectory.executedToolCalls()).toEqual([
      { toolCallId: ID, name: "exec", args: { command: "hostname" } },
    ]);
    const output = run.trajectory.toolResult(ID).text.trim();
    expect(output).not.toBe("");
    expect(JSON.stringify(run.chatRequests[1]?.toolMessages())).toContain(output);
    expect(run.turn.final).toBe("FINAL: host reported.");
  },
} satisfies E2ECase;
