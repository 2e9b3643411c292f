import { describe, expect, it } from "vitest";
import { readExecArguments, splitDiagnosticCommand, splitExecToolCall } from "../plugin/src/split.js";
import { rewriteAssistantMessage } from "../plugin/src/stream.js";
import { execCall, message, text } from "./helpers.js";

describe("splitDiagnosticCommand", () => {
  it("splits two or more allowlisted diagnostics, in order, trimming each part", () => {
    expect(splitDiagnosticCommand("hostname; date; uptime")).toEqual(["hostname", "date", "uptime"]);
    expect(splitDiagnosticCommand("uptime;hostname")).toEqual(["uptime", "hostname"]);
    expect(splitDiagnosticCommand("  date \t; hostname  ")).toEqual(["date", "hostname"]);
  });

  it("splits a command that ends in newlines, which a shell ignores", () => {
    expect(splitDiagnosticCommand("hostname; date; uptime\n")).toEqual(["hostname", "date", "uptime"]);
    expect(splitDiagnosticCommand("uptime;hostname\n\n")).toEqual(["uptime", "hostname"]);
  });

  it("de-duplicates repeated diagnostics, keeping the first occurrence", () => {
    expect(splitDiagnosticCommand("date; hostname; date; uptime; hostname")).toEqual([
      "date",
      "hostname",
      "uptime",
    ]);
    expect(splitDiagnosticCommand("date; date")).toEqual(["date"]);
  });

  it.each([
    ["a single diagnostic", "hostname"],
    ["an empty part (trailing ;)", "hostname; date;"],
    ["an empty part (leading ;)", "; hostname; date"],
    ["an empty part in the middle", "hostname;; date"],
    ["another command", "hostname; whoami"],
    ["a pipe", "hostname | cat; date"],
    ["&&", "hostname && date"],
    ["&& inside a part", "hostname; date && uptime"],
    ["quotes", "'hostname'; date"],
    ["double quotes", 'hostname; "date"'],
    ["arguments", "hostname -f; date"],
    ["a different case", "Hostname; date"],
    ["a subshell", "$(hostname); date"],
    ["a newline separator only", "hostname\ndate"],
    ["a newline before ; (a shell syntax error)", "hostname\n; date"],
    ["a newline after ;", "hostname;\n date"],
    ["a no-break space", "hostname;\u00a0date"],
    ["an ideographic space", "hostname;\u3000date"],
    ["a line separator", "hostname;\u2028date"],
    ["a vertical tab", "hostname;\vdate"],
    ["a form feed", "hostname\f; date"],
    ["the empty command", ""],
  ])("leaves %s alone", (_label, command) => {
    expect(splitDiagnosticCommand(command)).toBeUndefined();
  });
});

describe("readExecArguments", () => {
  it("reads exactly {command: string}, as an object or a JSON string", () => {
    expect(readExecArguments({ command: "date" })).toEqual({ command: "date", encoding: "object" });
    expect(readExecArguments('{"command":"date"}')).toEqual({ command: "date", encoding: "json-string" });
    expect(readExecArguments('  { "command" : "date" } ')).toEqual({
      command: "date",
      encoding: "json-string",
    });
  });

  it.each([
    ["extra keys", { command: "date", timeout: 5 }],
    ["extra keys in a string", '{"command":"date","workdir":"/"}'],
    ["a non-string command", { command: ["date"] }],
    ["no command", {}],
    ["an array", ["date"]],
    ["invalid JSON", '{"command":"date"'],
    ["a JSON array", '["date"]'],
    ["a JSON string", '"date"'],
    ["null", null],
    [
      "a class instance",
      new (class Args {
        command = "date";
      })(),
    ],
  ])("refuses %s", (_label, args) => {
    expect(readExecArguments(args)).toBeUndefined();
  });
});

describe("splitExecToolCall", () => {
  it("makes one exec call per diagnostic with suffixed ids", () => {
    const calls = splitExecToolCall(execCall("hostname; date; uptime", "call_mock_exec_1"));
    expect(calls).toEqual([
      {
        type: "toolCall",
        id: "call_mock_exec_1_split_1_hostname",
        name: "exec",
        arguments: { command: "hostname" },
      },
      { type: "toolCall", id: "call_mock_exec_1_split_2_date", name: "exec", arguments: { command: "date" } },
      {
        type: "toolCall",
        id: "call_mock_exec_1_split_3_uptime",
        name: "exec",
        arguments: { command: "uptime" },
      },
    ]);
  });

  it.each([undefined, "", 7])("leaves a call whose id is %j alone", (id) => {
    const call = { ...execCall("hostname; date"), id } as unknown as Parameters<typeof splitExecToolCall>[0];
    expect(splitExecToolCall(call)).toBeUndefined();
  });

  it("numbers the de-duplicated calls consecutively", () => {
    const calls = splitExecToolCall(execCall("date; date; uptime; date", "c"));
    expect(calls?.map((call) => call.id)).toEqual(["c_split_1_date", "c_split_2_uptime"]);
  });

  it("appends to ids that already carry suffixes", () => {
    const calls = splitExecToolCall(execCall("date; uptime", "call_1_split_1_hostname"));
    expect(calls?.map((call) => call.id)).toEqual([
      "call_1_split_1_hostname_split_1_date",
      "call_1_split_1_hostname_split_2_uptime",
    ]);
  });

  it("keeps string-encoded arguments string-encoded", () => {
    const calls = splitExecToolCall(execCall("hostname; date", "s", "string"));
    expect(calls?.map((call) => call.arguments as unknown)).toEqual([
      '{"command":"hostname"}',
      '{"command":"date"}',
    ]);
  });

  it("copies the call's other fields and keeps raw argument text in step", () => {
    const call = {
      ...execCall("hostname; date"),
      thoughtSignature: "sig",
      executionMode: "parallel" as const,
      partialArgs: '{"command":"hostname; date"}',
    };
    const calls = splitExecToolCall(call);
    expect(calls?.[1]).toEqual({
      type: "toolCall",
      id: "call_1_split_2_date",
      name: "exec",
      arguments: { command: "date" },
      thoughtSignature: "sig",
      executionMode: "parallel",
      partialArgs: '{"command":"date"}',
    });
  });

  it("is idempotent: a split call does not split again", () => {
    for (const call of splitExecToolCall(execCall("hostname; date")) ?? []) {
      expect(splitExecToolCall(call)).toBeUndefined();
    }
  });

  it("ignores tools other than exec", () => {
    expect(splitExecToolCall({ ...execCall("hostname; date"), name: "bash" })).toBeUndefined();
    expect(splitExecToolCall({ ...execCall("hostname; date"), name: "Exec" })).toBeUndefined();
  });
});

describe("rewriteAssistantMessage", () => {
  it("splits in place, shifting later blocks, and turns stop into toolUse", () => {
    const original = message([text("checking"), execCall("hostname; date"), execCall("ls", "call_2")]);
    const rewritten = rewriteAssistantMessage(original);
    expect(rewritten.content.map((block) => (block.type === "toolCall" ? block.id : block.type))).toEqual([
      "text",
      "call_1_split_1_hostname",
      "call_1_split_2_date",
      "call_2",
    ]);
    expect(rewritten.stopReason).toBe("toolUse");
    expect(original.content).toHaveLength(3);
    expect(original.stopReason).toBe("stop");
  });

  it("keeps other stop reasons", () => {
    const rewritten = rewriteAssistantMessage(message([execCall("date; uptime")], { stopReason: "length" }));
    expect(rewritten.stopReason).toBe("length");
    expect(rewritten.content).toHaveLength(2);
  });

  it("does not split a call when a split id is another call's id in the message", () => {
    const original = message([execCall("hostname; date", "c"), execCall("ls", "c_split_2_date")]);
    expect(rewriteAssistantMessage(original)).toBe(original);
  });

  it("splits each call into ids no other call carries", () => {
    const rewritten = rewriteAssistantMessage(
      message([execCall("hostname; date", "c"), execCall("date; uptime", "c_split_1_hostname")]),
    );
    expect(rewritten.content.map((block) => block.type === "toolCall" && block.id)).toEqual([
      "c",
      "c_split_1_hostname_split_1_date",
      "c_split_1_hostname_split_2_uptime",
    ]);
  });

  it("returns the very same message when nothing splits", () => {
    const original = message([text("hi"), execCall("hostname | tee out; date")]);
    expect(rewriteAssistantMessage(original)).toBe(original);
  });
});
