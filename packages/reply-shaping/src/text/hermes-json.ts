/**
 * Tool calls a model wrote as its whole answer in bare JSON (`{"name": "memory_search", "arguments": {…}}`, keys in
 * any order, `parameters` for `arguments` too), as a Hermes-style model served without its tool parser does. The rule: the
 * text, past surrounding whitespace, is one or more such objects separated by whitespace only, each a call to a
 * tool the request offered; then every one becomes a call. Anything else (prose before or after, one object that is
 * no call, JSON inside a code fence) stays text as it is.
 *
 * Streaming: a text whose first character (past whitespace) is not `{` goes out as it comes; one that opens with
 * `{` is held until the text ends, when it is decided whole.
 */
import type { OfferedTools, Piece, TextShaper, TextShaperFactory } from "../pieces.js";
import { jsonCall } from "./call-bodies.js";

type Call = Extract<Piece, { type: "toolCall" }>;

/** The top-level JSON objects `text` holds, in order, when it is only objects and whitespace; else undefined. */
export function splitJsonObjects(text: string): string[] | undefined {
  const objects: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === "\\") i++;
      else if (char === '"') inString = false;
      continue;
    }
    if (depth === 0) {
      if (char === "{") {
        start = i;
        depth = 1;
      } else if (char !== " " && char !== "\t" && char !== "\n" && char !== "\r") return undefined;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === "{" || char === "[") depth++;
    else if (char === "}" || char === "]") {
      depth--;
      if (depth === 0) objects.push(text.slice(start, i + 1));
    }
  }
  return depth === 0 && !inString && objects.length > 0 ? objects : undefined;
}

class HermesJsonShaper implements TextShaper {
  private held = "";
  private mode: "start" | "held" | "text" = "start";

  constructor(private readonly offered: OfferedTools) {}

  push(text: string): Piece[] {
    if (this.mode === "text") return text === "" ? [] : [{ type: "text", text }];
    this.held += text;
    if (this.mode === "start") {
      const first = this.held.trimStart()[0];
      if (first === undefined) return [];
      if (first === "{") this.mode = "held";
      else {
        this.mode = "text";
        const out: Piece[] = [{ type: "text", text: this.held }];
        this.held = "";
        return out;
      }
    }
    return [];
  }

  end(): Piece[] {
    const text = this.held;
    this.held = "";
    const wasHeld = this.mode === "held";
    this.mode = "text";
    if (text === "") return [];
    if (!wasHeld) return [{ type: "text", text }];
    const calls: Call[] = [];
    for (const object of splitJsonObjects(text) ?? []) {
      const call = jsonCall(object, this.offered);
      if (!call) return [{ type: "text", text }];
      calls.push(call);
    }
    return calls.length > 0 ? calls : [{ type: "text", text }];
  }
}

export const hermesJson: TextShaperFactory = (context) => new HermesJsonShaper(context.offeredTools);
