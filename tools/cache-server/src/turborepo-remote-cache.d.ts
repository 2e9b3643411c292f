// The package ships JavaScript only; this is the part of its API the server uses (its dist/app.js).
declare module "turborepo-remote-cache" {
  export function createApp(options?: { trustProxy?: boolean; bodyLimit?: number }): {
    listen(options: { host: string; port: number }): Promise<string>;
    close(): Promise<void>;
    server: import("node:net").Server;
    /** Fastify's hook: runs before every route; a reply sent here ends the request. */
    addHook(
      name: "onRequest",
      hook: (
        request: { headers: Record<string, string | string[] | undefined> },
        reply: { code(status: number): { send(body: unknown): unknown } },
      ) => Promise<unknown>,
    ): void;
  };
}
