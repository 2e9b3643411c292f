/**
 * Text a shaper holds while it waits to decide, appended in stream chunks. Not a string built with `+=`: every
 * search of such a string copies all of it into one (V8 flattens the rope), so scanning a long reply delivered in
 * small chunks costs the square of its length. Here the chunks stay apart, and a search or a slice reads only the
 * stretch it asks for: a scanner that moves its search start forward reads each character a bounded number of times.
 */
export class Accumulator {
  private parts: string[] = [];
  /** Offset of each part in the whole text. */
  private starts: number[] = [];
  /** Characters dropped from the front (offsets stay those of the text as appended, minus these). */
  private dropped = 0;
  private total = 0;

  get length(): number {
    return this.total - this.dropped;
  }

  append(text: string): void {
    if (text === "") return;
    this.parts.push(text);
    this.starts.push(this.total);
    this.total += text.length;
  }

  /** The text from `start` to `end` (offsets in the held text, like String.prototype.slice's, non-negative). */
  slice(start: number, end: number = this.length): string {
    const from = Math.max(0, start) + this.dropped;
    const to = Math.min(this.total, end + this.dropped);
    if (to <= from) return "";
    let index = this.partAt(from);
    let out = "";
    for (let at = from; at < to; index++) {
      const part = this.parts[index] as string;
      const base = this.starts[index] as number;
      out += part.slice(at - base, to - base);
      at = base + part.length;
    }
    return out;
  }

  /** The first occurrence of `needle` at or after `from`, reading only the text from there on; -1 when none. */
  indexOf(needle: string, from = 0): number {
    const at = this.slice(from).indexOf(needle);
    return at < 0 ? -1 : at + Math.max(0, from);
  }

  charCodeAt(offset: number): number {
    const at = offset + this.dropped;
    if (at < this.dropped || at >= this.total) return Number.NaN;
    const index = this.partAt(at);
    return (this.parts[index] as string).charCodeAt(at - (this.starts[index] as number));
  }

  /** Forgets the first `count` characters; later offsets shift down by as much. */
  dropPrefix(count: number): void {
    this.dropped = Math.min(this.total, this.dropped + Math.max(0, count));
    if (this.dropped === this.total) {
      // Everything read: start over, without keeping a trail of empty parts.
      this.parts.length = 0;
      this.starts.length = 0;
      return;
    }
    let keep = 0;
    while (keep < this.parts.length - 1 && (this.starts[keep + 1] as number) <= this.dropped) keep++;
    if (keep > 0) {
      this.parts.splice(0, keep);
      this.starts.splice(0, keep);
    }
  }

  /** The whole held text as one string. */
  toString(): string {
    return this.slice(0);
  }

  clear(): void {
    this.parts = [];
    this.starts = [];
    this.dropped = 0;
    this.total = 0;
  }

  /** The index of the part holding absolute offset `at` (binary search over the starts). */
  private partAt(at: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if ((this.starts[middle] as number) <= at) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}
