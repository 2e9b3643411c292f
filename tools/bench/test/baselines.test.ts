/**
 * The baselines' clients (src/baselines/clients.ts) against a stand-in for a gateway's HTTP endpoint. The real gateway answers them in `pnpm bench`, where a turn that does not complete fails the run.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { GatewayOptions } from "@model-setup/e2e";
import { describe, expect, it } from "vitest";
import { gatewayHttpTurn } from "../src/baselines/clients.js";

describe("a turn over the gateway's HTTP endpoint", () => {
  const turn = { sessionKey: "case-1", modelRef: "inference/vendor/m", prompt: "Hi.", timeoutSeconds: 10 };

  async function withEndpoint(
    reply: (request: IncomingMessage, body: string) => { status: number; body: string },
  ): Promise<{
    options: GatewayOptions;
    seen: { headers: IncomingMessage["headers"]; body: string }[];
    close(): void;
  }> {
    const seen: { headers: IncomingMessage["headers"]; body: string }[] = [];
    const server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      request.on("end", () => {
        seen.push({ headers: request.headers, body });
        const answer = reply(request, body);
        response.writeHead(answer.status, { "content-type": "application/json" }).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    const options = {
      node24: "",
      openclawMjs: "",
      root: "",
      configPath: "",
      port,
      token: "t0ken",
      readyTimeoutMs: 0,
    };
    return { options, seen, close: () => server.close() };
  }

  it("sends the token, the model and the session key, and reads the answer's text", async () => {
    const endpoint = await withEndpoint(() => ({
      status: 200,
      body: JSON.stringify({ choices: [{ message: { role: "assistant", content: "done" } }] }),
    }));
    try {
      const done = await gatewayHttpTurn(endpoint.options, turn);
      expect(done).toMatchObject({ status: 200, content: "done" });
      const [request] = endpoint.seen;
      expect(request?.headers.authorization).toBe("Bearer t0ken");
      expect(request?.headers["x-openclaw-model"]).toBe("inference/vendor/m");
      expect(request?.headers["x-openclaw-session-key"]).toBe("case-1");
      expect(JSON.parse(request?.body ?? "{}")).toEqual({
        model: "openclaw",
        messages: [{ role: "user", content: "Hi." }],
      });
    } finally {
      endpoint.close();
    }
  });

  it("keeps an error's body as its content", async () => {
    const endpoint = await withEndpoint(() => ({ status: 401, body: "unauthorized" }));
    try {
      expect(await gatewayHttpTurn(endpoint.options, turn)).toMatchObject({
        status: 401,
        content: "unauthorized",
      });
    } finally {
      endpoint.close();
    }
  });
});
