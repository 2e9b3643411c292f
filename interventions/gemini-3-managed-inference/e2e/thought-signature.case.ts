/**
 * With the metadata-only plugin, OpenClaw classifies https://inference.local/v1 as a Google Generative AI
 * endpoint: requests carry Google's client header and a thought signature the model attaches to a tool call
 * (`extra_content.google.thought_signature`) is replayed on the follow-up request.
 *
 * This case first found that, once the endpoint class is google-generative-ai, OpenClaw 2026.9.6 no longer
 * trusts the configured base-URL origin and its SSRF guard blocks the `.local` host. The intervention therefore
 * also sets the provider request option `allowPrivateNetwork` (effect `openclawProviderRequest`).
 *
 * On OpenClaw 2026.7 the plugin's `providerEndpoints` are read from the persisted plugin registry only, so the case
 * passes there once the registry is rebuilt after the config is written (the harness does, as deployments must).
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
  plugins: ["nemoclaw-gemini-inference-compat"],
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
    const calls = run.chatRequests[1]?.assistantToolCalls() ?? [];
    expect(calls.map((c) => c.id)).toEqual([run.wireId(ID)]);
    expect(calls[0]?.raw.extra_content, "the thought signature is replayed on the follow-up").toEqual({
      google: { thought_signature: SIGNATURE },
    });
    for (const request of run.chatRequests)
      expect(request.record.headers["x-goog-api-client"]).toMatch(/^openclaw\//);
  },
} satisfies E2ECase;
