/**
 * Harmony messages (OpenAI's open-weight response format) a model wrote into its answer text (its server did not
 * parse them), read as what they are. A message is `[<|start|>ROLE] <|channel|>CHANNEL [to=RECIPIENT] [<|constrain|>TYPE] <|message|>BODY`, ended by
 * `<|end|>`, `<|call|>` or `<|return|>`, by the next `<|start|>` or `<|channel|>`, or by the end of the text. The
 * recipient may also follow the role. Then:
 *
 * - channel `analysis`: the body is reasoning;
 * - channel `final`, or `commentary` without a recipient: the body is answer text;
 * - channel `commentary` to `functions.NAME` (or plain `NAME`): a call, when NAME was offered and the body is a JSON
 *   object of arguments;
 * - anything else (another channel, a message without `<|message|>`, a call that does not read as one) stays text
 *   exactly as written, tokens and all. So does text outside messages.
 *
 * Streaming: text before the first token goes out as it comes; from the first token, the rest of the text block is
 * held and read whole when it ends.
 */
import type { OfferedTools, Piece, TextShaper, TextShaperFactory } from "../pieces.js";
import { partialMarkerAt } from "./reasoning-tags.js";

const TOKEN = /<\|(start|channel|message|constrain|end|call|return)\|>/g;
const FIRST_TOKEN = "<|";
const RECIPIENT = /(?:^|\s)to=(?:functions\.)?([A-Za-z_][A-Za-z0-9_.-]{0,127})(?=\s|$)/;

interface Token {
  name: string;
  at: number;
  end: number;
}

function tokensOf(text: string): Token[] {
  return [...text.matchAll(TOKEN)].map((match) => ({
    name: match[1] as string,
    at: match.index,
    end: match.index + match[0].length,
  }));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function callArguments(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body.trim());
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Reads a whole text of Harmony messages into pieces (see the rule above). */
export function readHarmony(text: string, offered: OfferedTools): Piece[] {
  const tokens = tokensOf(text);
  const out: Piece[] = [];
  const raw = (from: number, to: number) => {
    if (to > from) out.push({ type: "text", text: text.slice(from, to) });
  };
  let pos = 0;
  let i = 0;
  while (i < tokens.length) {
    const first = tokens[i] as Token;
    if (first.name !== "start" && first.name !== "channel") {
      // A stray token outside a message: text, up to the next token.
      i++;
      continue;
    }
    raw(pos, first.at);
    // The header: the message's first token, then <|channel|> and <|constrain|> tokens, up to <|message|>.
    let j = i;
    let header = "";
    let channel: string | undefined;
    for (; j < tokens.length; j++) {
      const token = tokens[j] as Token;
      if (token.name === "message") break;
      const inHeader = token.name === "channel" || token.name === "constrain" || j === i;
      if (!inHeader) break;
      const words = text.slice(token.end, tokens[j + 1]?.at ?? text.length);
      if (token.name === "channel") channel = words.trim().split(/\s+/)[0];
      header += ` ${words}`;
    }
    const message = tokens[j];
    if (message?.name !== "message" || channel === undefined) {
      // A header without <|message|>: text, up to the token that broke it.
      const next = j > i ? j : i + 1;
      const stop = tokens[next]?.at ?? text.length;
      raw(first.at, stop);
      pos = stop;
      i = next;
      continue;
    }
    let k = j + 1;
    while (
      k < tokens.length &&
      !["end", "call", "return", "start", "channel"].includes((tokens[k] as Token).name)
    )
      k++;
    const ender = tokens[k];
    const bodyEnd = ender ? ender.at : text.length;
    const consumed = ender && ["end", "call", "return"].includes(ender.name) ? ender.end : bodyEnd;
    const body = text.slice(message.end, bodyEnd);
    const recipient = RECIPIENT.exec(header)?.[1];
    if (channel === "analysis") out.push({ type: "thinking", text: body });
    else if ((channel === "final" || channel === "commentary") && recipient === undefined) {
      out.push({ type: "text", text: body });
    } else {
      const args = channel === "commentary" && recipient !== undefined ? callArguments(body) : undefined;
      if (args && recipient !== undefined && offered.has(recipient)) {
        out.push({ type: "toolCall", name: recipient, arguments: args });
      } else raw(first.at, consumed);
    }
    pos = consumed;
    i = ender && consumed === ender.end ? k + 1 : k;
  }
  raw(pos, text.length);
  return out;
}

class HarmonyShaper implements TextShaper {
  private held = "";
  private holding = false;

  constructor(private readonly offered: OfferedTools) {}

  push(text: string): Piece[] {
    if (this.holding) {
      this.held += text;
      return [];
    }
    const all = this.held + text;
    const at = all.indexOf(FIRST_TOKEN);
    if (at >= 0) {
      this.holding = true;
      this.held = all.slice(at);
      return at > 0 ? [{ type: "text", text: all.slice(0, at) }] : [];
    }
    const keep = partialMarkerAt(all, FIRST_TOKEN);
    this.held = all.slice(all.length - keep);
    const out = all.slice(0, all.length - keep);
    return out === "" ? [] : [{ type: "text", text: out }];
  }

  end(): Piece[] {
    const text = this.held;
    this.held = "";
    const holding = this.holding;
    this.holding = false;
    if (text === "") return [];
    return holding ? readHarmony(text, this.offered) : [{ type: "text", text }];
  }
}

export const harmony: TextShaperFactory = (context) => new HarmonyShaper(context.offeredTools);
