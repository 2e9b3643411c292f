/**
 * Reasoning a model wrote into its answer text between tags (`<think>…</think>`, or any of the tags configured),
 * moved out into reasoning. The rule, applied to the first text of a reply that no reasoning precedes:
 *
 * - the text opens (after whitespace) with an opening tag: what follows it up to the first matching closing tag is
 *   reasoning; with no closing tag before the text ends, all of it is (a reply cut off while reasoning);
 * - otherwise, a closing tag with no opening tag before it (a server without a reasoning parser strips the opening
 *   tag but not the closing one): everything before the first closing tag of any of the tags is reasoning;
 * - whitespace around the tags is framing and goes with them; the rest is the answer, as written.
 *
 * Tags anywhere else stay text, and so does every text that follows reasoning (native or moved out), which is
 * what makes the shaping idempotent. The price of the orphan rule is that an untagged answer is held until its
 * text block ends (a closing tag could still come); after a closing tag the answer streams as it arrives.
 */
import { REASONING_TAG_NAME } from "@model-setup/manifest/reply-formats";
import type { Piece, TextShaper, TextShaperFactory } from "../pieces.js";
import { Accumulator } from "./accumulator.js";

const LEADING_SPACE = /^[ \t\r\n]+/;

/** Space, tab, carriage return, line feed: the whitespace that frames tags. */
const isSpace = (code: number): boolean => code === 32 || code === 9 || code === 13 || code === 10;

type State = "start" | "inside" | "orphan" | "afterClose" | "answer";

/** The length of the longest end of `text` that is a proper start of `marker`. */
export function partialMarkerAt(text: string, marker: string): number {
  const max = Math.min(marker.length - 1, text.length);
  for (let length = max; length > 0; length--) {
    if (marker.startsWith(text.slice(text.length - length))) return length;
  }
  return 0;
}

interface Tag {
  open: string;
  close: string;
}

class ReasoningTagShaper implements TextShaper {
  private state: State;
  private buffer = "";
  /** Orphan: the text before any closing tag, held until one comes or the text ends. */
  private readonly held = new Accumulator();
  /** Orphan search: the buffer before this offset holds no closing tag. */
  private searched = 0;
  /** Start: how many characters of leading whitespace the buffer opens with, as far as read. */
  private lead = 0;
  /** Inside: the tag whose section is open. */
  private current: Tag | undefined;
  private readonly longestClose: number;
  private readonly longestOpen: number;

  constructor(
    private readonly tags: readonly Tag[],
    afterReasoning: boolean,
  ) {
    this.state = afterReasoning ? "answer" : "start";
    this.longestClose = Math.max(...tags.map((tag) => tag.close.length));
    this.longestOpen = Math.max(...tags.map((tag) => tag.open.length));
  }

  push(text: string): Piece[] {
    if (this.state === "answer") return text === "" ? [] : [{ type: "text", text }];
    this.buffer += text;
    const out: Piece[] = [];
    this.advance(out);
    return out;
  }

  end(): Piece[] {
    const rest = this.held.toString() + this.buffer;
    this.buffer = "";
    this.held.clear();
    const state = this.state;
    this.state = "answer";
    if (state === "inside") {
      const out: Piece[] = [];
      this.emitThinking(rest, out);
      this.closeSection(out);
      return out;
    }
    return rest === "" ? [] : [{ type: "text", text: rest }];
  }

  private advance(out: Piece[]): void {
    for (;;) {
      switch (this.state) {
        case "start": {
          while (this.lead < this.buffer.length && isSpace(this.buffer.charCodeAt(this.lead))) this.lead++;
          const body = this.buffer.slice(this.lead, this.lead + this.longestOpen);
          if (body === "") return;
          const opened = this.tags.find((tag) => body.startsWith(tag.open));
          if (opened) {
            this.buffer = this.buffer.slice(this.lead + opened.open.length);
            this.current = opened;
            this.state = "inside";
          } else if (this.tags.some((tag) => body.length < tag.open.length && tag.open.startsWith(body))) {
            return;
          } else this.state = "orphan";
          continue;
        }
        case "inside": {
          const close = (this.current as Tag).close;
          const at = this.buffer.indexOf(close);
          if (at >= 0) {
            this.emitThinking(this.buffer.slice(0, at), out);
            this.closeSection(out);
            this.buffer = this.buffer.slice(at + close.length);
            this.state = "afterClose";
            continue;
          }
          const keep = partialMarkerAt(this.buffer, close);
          this.emitThinking(this.buffer.slice(0, this.buffer.length - keep), out);
          this.buffer = this.buffer.slice(this.buffer.length - keep);
          return;
        }
        case "orphan": {
          // The held text may be the whole reply: it is kept in pieces and searched only where it grew.
          this.held.append(this.buffer);
          this.buffer = "";
          const found = this.firstClose();
          if (!found) {
            this.searched = Math.max(0, this.held.length - this.longestClose + 1);
            return;
          }
          this.emitThinking(this.held.slice(0, found.at), out);
          this.closeSection(out);
          this.buffer = this.held.slice(found.at + found.close.length);
          this.held.clear();
          this.state = "afterClose";
          continue;
        }
        case "afterClose": {
          const answer = this.buffer.replace(LEADING_SPACE, "");
          // Whitespace after a closing tag is the tag's framing: none of it is kept.
          this.buffer = "";
          if (answer === "") return;
          this.state = "answer";
          out.push({ type: "text", text: answer });
          return;
        }
        case "answer":
          return;
      }
    }
  }

  /** The earliest closing tag of any tag in the held text, from where the last look stopped. */
  private firstClose(): { at: number; close: string } | undefined {
    let best: { at: number; close: string } | undefined;
    for (const { close } of this.tags) {
      const at = this.held.indexOf(close, this.searched);
      if (at >= 0 && (best === undefined || at < best.at)) best = { at, close };
    }
    return best;
  }

  /** Whether the section being read has put out a reasoning piece yet. */
  private sectionOut = false;

  private emitThinking(text: string, out: Piece[]): void {
    if (text === "") return;
    out.push({ type: "thinking", text });
    this.sectionOut = true;
  }

  /**
   * A section's end. An empty one still becomes (empty) reasoning: the reasoning before the answer is what tells
   * a second shaping that this answer is one, so that text such as `</think><think>` is not shaped twice.
   */
  private closeSection(out: Piece[]): void {
    if (!this.sectionOut) out.push({ type: "thinking", text: "" });
    this.sectionOut = false;
  }
}

/** The shaper for these tag names, e.g. `["think"]` for `<think>…</think>`. */
export function reasoningTags(names: readonly string[]): TextShaperFactory {
  const bad = names.find((name) => !REASONING_TAG_NAME.test(name));
  if (names.length === 0 || bad !== undefined) {
    throw new Error(`not a reasoning tag name: ${JSON.stringify(bad ?? "")}`);
  }
  const tags = names.map((name) => ({ open: `<${name}>`, close: `</${name}>` }));
  return (context) => new ReasoningTagShaper(tags, context.afterReasoning);
}
