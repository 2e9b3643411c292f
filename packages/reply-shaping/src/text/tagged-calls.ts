/**
 * Tool calls a model wrote into its answer between tags (`<tool_call>…</tool_call>`), made real. The rule:
 *
 * - a call block opens with the opening tag at the start of a line (spaces or tabs before it allowed) and ends
 *   with the first closing tag after it, which only spaces or tabs may follow on its line;
 * - its body must read as a call (see call-bodies.ts) to a tool the request offered; then the block, the blank
 *   space around it on its lines and the line break after it are the call, and everything else stays text;
 * - inside a fenced code block (a line opening with three backticks up to the next such line) nothing is a call,
 *   and neither is a tag in the middle of a line: prose or an example that shows a call stays text;
 * - a block left open when another opening tag starts a line, when the text ends, or past 64 KiB is text.
 *
 * Streaming: text goes out line by line as soon as a line cannot open a call block or a fence (a line that might is
 * held until it cannot); a call block is held until it is decided.
 */
import type { OfferedTools, Piece, TextShaper, TextShaperFactory } from "../pieces.js";
import { Accumulator } from "./accumulator.js";

type Call = Extract<Piece, { type: "toolCall" }>;

export interface TaggedCallFormat {
  open: string;
  close: string;
  /** The call the body (between the tags) denotes, or undefined when it is none. */
  parse(body: string, offered: OfferedTools): Call | undefined;
}

/** A block larger than this is not read as a call: its text goes out as text. */
export const MAX_CALL_BLOCK = 64 * 1024;

const FENCE = "```";
const isBlank = (code: number): boolean => code === 32 || code === 9;

/** Where a line's content starts, past its leading spaces and tabs. */
function indent(line: string): number {
  let at = 0;
  while (at < line.length && isBlank(line.charCodeAt(at))) at++;
  return at;
}

const onlyBlanks = (text: string): boolean => indent(text) === text.length;

class TaggedCallShaper implements TextShaper {
  /** Text not decided yet starts at `pos`: the current line (line mode), or a call block's line (block mode). */
  private readonly buffer = new Accumulator();
  private pos = 0;
  private mode: "line" | "block" = "line";
  /** Line mode: the current line is known to be plain text, so the rest of it goes out as it comes. */
  private plainLine = false;
  private inFence = false;
  /** Block mode: the text before this offset holds no closing tag. */
  private searched = 0;
  /** Block mode: where the opening tag sits (after the line's leading blanks). */
  private openAt = 0;
  /** Block mode: no line starting before this offset opens another block. */
  private linesSearched = 0;

  constructor(
    private readonly format: TaggedCallFormat,
    private readonly offered: OfferedTools,
  ) {}

  push(text: string): Piece[] {
    // The usual case, the rest of a line already known to be prose: it goes out as it came, nothing held.
    if (this.mode === "line" && this.plainLine && this.buffer.length === 0 && !text.includes("\n")) {
      return text === "" ? [] : [{ type: "text", text }];
    }
    const out: Piece[] = [];
    this.buffer.append(text);
    this.advance(out, false);
    return out;
  }

  end(): Piece[] {
    const out: Piece[] = [];
    this.advance(out, true);
    this.emitTo(this.buffer.length, out);
    this.buffer.clear();
    this.pos = 0;
    this.mode = "line";
    this.plainLine = false;
    return out;
  }

  private advance(out: Piece[], atEnd: boolean): void {
    while (this.pos < this.buffer.length) {
      const progressed = this.mode === "line" ? this.line(out, atEnd) : this.block(out, atEnd);
      if (!progressed) break;
    }
    // Offsets are relative to the buffer: drop what is decided once per call, not once per line.
    const shift = this.pos;
    if (shift === 0) return;
    this.buffer.dropPrefix(shift);
    this.pos = 0;
    this.searched = Math.max(0, this.searched - shift);
    this.openAt = Math.max(0, this.openAt - shift);
    this.linesSearched = Math.max(0, this.linesSearched - shift);
  }

  /** Line mode: decides the line at `pos` as far as its text allows; false when more text is needed. */
  private line(out: Piece[], atEnd: boolean): boolean {
    const newline = this.buffer.indexOf("\n", this.pos);
    const lineEnd = newline < 0 ? this.buffer.length : newline + 1;
    if (this.plainLine) {
      this.emitTo(lineEnd, out);
      if (newline >= 0) this.plainLine = false;
      return newline >= 0;
    }
    const start = this.pos + indent(this.buffer.slice(this.pos, Math.min(lineEnd, this.pos + 256)));
    const content = this.buffer.slice(start, Math.min(lineEnd, start + 256));
    const complete = newline >= 0 || atEnd;
    if (content.startsWith(FENCE)) {
      this.inFence = !this.inFence;
      this.plainLine = true;
      return true;
    }
    if (!this.inFence && content.startsWith(this.format.open)) {
      this.mode = "block";
      this.openAt = start;
      this.searched = start + this.format.open.length;
      this.linesSearched = start;
      return true;
    }
    if (!complete && this.mightOpen(content)) return false;
    this.plainLine = true;
    return true;
  }

  /** Whether a line's start (past its blanks) could still become a fence or, outside one, an opening tag. */
  private mightOpen(content: string): boolean {
    if (content === "" || FENCE.startsWith(content)) return true;
    return !this.inFence && this.format.open.startsWith(content);
  }

  /** Block mode: decides the call block when its text allows; false when more text is needed. */
  private block(out: Piece[], atEnd: boolean): boolean {
    const { open, close } = this.format;
    const closeAt = this.buffer.indexOf(close, this.searched);
    const nested = this.nestedOpen(closeAt);
    const blockEnd = nested >= 0 ? nested : closeAt >= 0 ? closeAt + close.length : Number.POSITIVE_INFINITY;
    // Cut where the limit falls, whatever the chunking: the rest of that line is text, later lines are read anew.
    const limit = this.pos + MAX_CALL_BLOCK;
    if (blockEnd > limit && this.buffer.length > limit) return this.giveUp(limit, out);
    // Another block opens before this one closed: this one was text.
    if (nested >= 0) return this.giveUp(nested, out);
    if (closeAt < 0) {
      if (atEnd) return this.giveUp(this.buffer.length, out);
      this.searched = Math.max(this.searched, this.buffer.length - close.length + 1);
      return false;
    }
    const newline = this.buffer.indexOf("\n", blockEnd);
    const trailing = this.buffer.slice(blockEnd, newline < 0 ? this.buffer.length : newline);
    if (!onlyBlanks(trailing)) return this.giveUp(newline < 0 ? this.buffer.length : newline + 1, out);
    if (newline < 0 && !atEnd) return false;
    const lineEnd = newline < 0 ? this.buffer.length : newline + 1;
    const call = this.format.parse(this.buffer.slice(this.openAt + open.length, closeAt), this.offered);
    if (!call) return this.giveUp(lineEnd, out);
    out.push(call);
    this.pos = lineEnd;
    this.mode = "line";
    this.plainLine = false;
    return true;
  }

  /**
   * The start of a line inside the block (before `closeAt`, or anywhere when the block has not closed) that opens
   * another block; -1 when there is none. Lines are looked at once each: the search goes on from the first line
   * that could not be decided yet.
   */
  private nestedOpen(closeAt: number): number {
    const limit = closeAt < 0 ? this.buffer.length : closeAt;
    const { open } = this.format;
    let at = this.buffer.indexOf("\n", this.linesSearched);
    while (at >= 0 && at < limit) {
      const lineStart = at + 1;
      let contentAt = lineStart;
      while (contentAt < this.buffer.length && isBlank(this.buffer.charCodeAt(contentAt))) contentAt++;
      const head = this.buffer.slice(contentAt, contentAt + open.length);
      if (head === open) return lineStart;
      // Not decided while the line's start may still grow into the opening tag: look at it again next time.
      if (contentAt + open.length > this.buffer.length && open.startsWith(head)) return -1;
      this.linesSearched = lineStart;
      at = this.buffer.indexOf("\n", lineStart);
    }
    if (at < 0) this.linesSearched = Math.max(this.linesSearched, this.buffer.length);
    return -1;
  }

  /** The block up to `cut` is text after all; the next line starts (or this one goes on) in line mode. */
  private giveUp(cut: number, out: Piece[]): boolean {
    const endsLine = cut > this.pos && this.buffer.charCodeAt(cut - 1) === 10;
    this.emitTo(cut, out);
    this.mode = "line";
    this.plainLine = !endsLine;
    return true;
  }

  /** Everything from `pos` to `cut` goes out as text. */
  private emitTo(cut: number, out: Piece[]): void {
    if (cut > this.pos) out.push({ type: "text", text: this.buffer.slice(this.pos, cut) });
    this.pos = Math.max(this.pos, cut);
  }
}

export function taggedCalls(format: TaggedCallFormat): TextShaperFactory {
  return (context) => new TaggedCallShaper(format, context.offeredTools);
}
