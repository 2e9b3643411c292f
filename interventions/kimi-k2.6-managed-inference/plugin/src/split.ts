/**
 * Exec split: a single `exec` tool call whose command chains allowlisted diagnostics with `;` becomes one
 * `exec` call per diagnostic. Deliberately NOT a shell parser: the command is cut at every `;` and each part
 * must be, after trimming spaces and tabs, exactly one of the allowlisted words. Anything else is left alone.
 */
import type { ToolCall } from "@model-setup/openclaw-plugin-api";
import { isToolCall } from "@model-setup/reply-shaping";

export const EXEC_TOOL_NAME = "exec";
export const DIAGNOSTIC_COMMANDS: readonly string[] = ["hostname", "date", "uptime"];

export type ArgumentsEncoding = "object" | "json-string";

export interface ExecArguments {
  command: string;
  encoding: ArgumentsEncoding;
}

/**
 * The diagnostics a command chains, in order, first occurrence kept; undefined unless the command has two or
 * more `;`-separated parts that are all allowlisted.
 */
export function splitDiagnosticCommand(command: string): string[] | undefined {
  // Newlines that end the whole command end it as the last `;` part would: a shell runs the same commands.
  const parts = command.replace(/\n+$/, "").split(";");
  if (parts.length < 2) return undefined;
  const commands: string[] = [];
  for (const part of parts) {
    // Only the blanks a shell ignores between words. Not JavaScript's trim(): newlines end a shell command
    // (`hostname\n; date` is a syntax error there), and Unicode spaces are no blanks to a shell at all.
    const trimmed = part.replace(/^[ \t]+|[ \t]+$/g, "");
    if (!DIAGNOSTIC_COMMANDS.includes(trimmed)) return undefined;
    if (!commands.includes(trimmed)) commands.push(trimmed);
  }
  return commands;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function commandOnly(value: unknown): string | undefined {
  if (!isPlainObject(value)) return undefined;
  const keys = Reflect.ownKeys(value);
  if (keys.length !== 1 || keys[0] !== "command") return undefined;
  const command = value.command;
  return typeof command === "string" ? command : undefined;
}

/** Reads arguments that are exactly `{command: string}`, as an object or as a JSON string encoding one. */
export function readExecArguments(args: unknown): ExecArguments | undefined {
  if (typeof args === "string") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(args);
    } catch {
      return undefined;
    }
    const command = commandOnly(parsed);
    return command === undefined ? undefined : { command, encoding: "json-string" };
  }
  const command = commandOnly(args);
  return command === undefined ? undefined : { command, encoding: "object" };
}

function encodeArguments(command: string, encoding: ArgumentsEncoding): ToolCall["arguments"] {
  const args = { command };
  // OpenClaw types arguments as an object; a provider that delivered a JSON string gets a JSON string back.
  return encoding === "object" ? args : (JSON.stringify(args) as unknown as ToolCall["arguments"]);
}

/**
 * The calls an `exec` tool call splits into, or undefined when it must pass through unchanged. Every other
 * field of the call (thought signature, execution mode, ...) is copied; ids become
 * `<original>_split_<n>_<command>` with n counted from 1.
 */
export function splitExecToolCall(call: ToolCall): ToolCall[] | undefined {
  if (!isToolCall(call) || call.name !== EXEC_TOOL_NAME) return undefined;
  // The split ids are derived from the call's id: without one there is nothing to derive them from.
  if (typeof call.id !== "string" || call.id === "") return undefined;
  const args = readExecArguments(call.arguments);
  if (!args) return undefined;
  const commands = splitDiagnosticCommand(args.command);
  if (!commands) return undefined;
  return commands.map((command, index) => {
    const split: ToolCall & { partialArgs?: unknown } = { ...call };
    split.id = `${call.id}_split_${index + 1}_${command}`;
    split.arguments = encodeArguments(command, args.encoding);
    // Streaming adapters keep the raw argument text next to the parsed value; keep the two in step.
    if (typeof split.partialArgs === "string") split.partialArgs = JSON.stringify({ command });
    return split;
  });
}
