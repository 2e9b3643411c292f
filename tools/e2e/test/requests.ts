import { ChatRequest } from "../src/wire.js";

/** A chat-completions request as the mock records it, with `body` as sent. */
export function postedChat(body: unknown): ChatRequest {
  return new ChatRequest({
    seq: 1,
    at: "",
    method: "POST",
    url: "/v1/chat/completions",
    headers: {},
    body,
    bodyBytes: 0,
  });
}
