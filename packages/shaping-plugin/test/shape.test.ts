import { describe, expect, it } from "vitest";
import { shapeRequestBody } from "../src/index.js";

const NUDGE = { content: "You have no tools: give every step.", unlessToolsOffered: ["exec", "write_file"] };
const user = { role: "user", content: "How do I build it?" };
const tool = (name: string) => ({ type: "function", function: { name, parameters: {} } });

describe("shapeRequestBody", () => {
  it("takes a caller's system message in any letter case as the caller's own", () => {
    for (const role of ["SYSTEM", "System", "Developer"]) {
      const body = { messages: [{ role, content: "Be brief." }, user] };
      expect(shapeRequestBody(body, { insertSystemMessage: NUDGE })).toEqual({ kind: "unchanged" });
    }
  });

  it("removes the listed top-level fields that are present, and nothing else", () => {
    const body = { model: "m", messages: [user], thinking: { type: "enabled" }, top_k: 3 };
    const outcome = shapeRequestBody(body, { remove: ["thinking", "absent"] });
    expect(outcome).toEqual({ kind: "changed", body: { model: "m", messages: [user], top_k: 3 } });
    expect(body).toHaveProperty("thinking"); // the caller's object is not mutated
    expect(shapeRequestBody({ model: "m" }, { remove: ["thinking"] })).toEqual({ kind: "unchanged" });
  });

  it("puts the system message first when there is no system message and no listed tool", () => {
    const outcome = shapeRequestBody(
      { messages: [user], tools: [tool("read")] },
      { insertSystemMessage: NUDGE },
    );
    expect(outcome).toEqual({
      kind: "changed",
      body: { messages: [{ role: "system", content: NUDGE.content }, user], tools: [tool("read")] },
    });
    expect(JSON.parse(JSON.stringify(outcome.kind === "changed" ? outcome.body : null))).toEqual(
      outcome.kind === "changed" ? outcome.body : undefined,
    );
  });

  it.each([
    ["a caller system message", { messages: [user, { role: "system", content: "mine" }] }],
    ["a developer message", { messages: [{ role: "developer", content: "mine" }, user] }],
    ["a listed tool", { messages: [user], tools: [tool("read"), tool("exec")] }],
    ["a listed tool in another case", { messages: [user], tools: [tool("Write_File")] }],
    ["a bare tool name", { messages: [user], tools: [{ name: "EXEC" }] }],
  ])("inserts nothing with %s", (_what, body) => {
    expect(shapeRequestBody(body, { insertSystemMessage: NUDGE })).toEqual({ kind: "unchanged" });
  });

  it.each([["text"], [["a"]], [null], [42]])("leaves a body that is not an object (%j) alone", (payload) => {
    expect(shapeRequestBody(payload, { remove: ["thinking"] })).toEqual({
      kind: "malformed",
      reason: "the request body is not a JSON object",
    });
  });

  it("leaves a body without a messages list alone when a message is to be inserted", () => {
    expect(
      shapeRequestBody(
        { messages: "hi", thinking: true },
        { remove: ["thinking"], insertSystemMessage: NUDGE },
      ),
    ).toEqual({
      kind: "malformed",
      reason: "the request body has no messages list",
    });
  });
});
