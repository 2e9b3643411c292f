/**
 * With the metadata-only plugin, OpenClaw classifies https://inference.local/v1 as a Google Generative AI
 * endpoint: requests carry Google's client header and a thought signature the model attaches to a tool call
 * (`extra_content.google.thought_signature`) is replayed on the follow-up request.
 *
 * This case first found that, once the endpoint class is google-generative-ai, OpenClaw 2026.9.6 no longer
 * trusts the configured base-URL origin and its SSRF guard blocks the `.local` host. The intervention therefore
 * also sets the provider request option `allowPrivateNetwork` (effect `openclawProviderRequest`).
 */
import type { E2ECase } from "@model-setup/e2e";
import { expect } from "vitest";

const ID = "call_mock_exec_1";
const SIGNATURE = "c2lnbmF0dXJlLWZyb20tdGhlLW1vY2s="; // base64, a multiple of 4 long (not "truncated")

export default {
  name: "gemini-3-managed-inference-thought-signature",
  description: "inference.local is treated as Google Generative AI: thought signatures are replayed",
  route: { model: "google/gemini-3-flash-preview" },
  prompt: "Say hello.",
  plugins: ["gemini-inference-compat"],
  timeoutSeconds: 15,
  mock: [
    {
      toolCalls: [
        { id: ID, name: "exec", arguments: { command: "echo hello" }, thoughtSignature: SIGNATURE },
      ],
    },
    { content: "hello" },
  ],
  assert(run) {
    for (const request of run.chatRequests)
      expect(request.record.headers["x-goog-api-client"]).toMatch(/^openclaw\//);
    const followUp = run.chatRequests[1];
    expect(followUp?.assistantToolCalls().map((c) => [c.id, c.raw.extra_content])).toEqual([
      [run.wireId(ID), { google: { thought_signature: SIGNATURE } }],
    ]);
  },
} satisfies E2ECase;
