/**
 * Where source content indices land once blocks before them were split into several or removed: a table of
 * shifts sorted by source index, with running sums. Shifts are usually added in index order (one append each);
 * a lookup is a binary search.
 */
export class IndexShifts {
  private readonly at: number[] = [];
  private readonly deltas: number[] = [];
  /** `sums[k]` is the total of `deltas[0..k]`. */
  private readonly sums: number[] = [];

  /** Every index after `index` moves by `delta`. */
  add(index: number, delta: number): void {
    const position = this.countAtMost(index);
    this.at.splice(position, 0, index);
    this.deltas.splice(position, 0, delta);
    this.sums.splice(position, 0, 0);
    for (let k = position; k < this.at.length; k++) {
      this.sums[k] = (k > 0 ? (this.sums[k - 1] as number) : 0) + (this.deltas[k] as number);
    }
  }

  /** Where the source index lands. */
  map(index: number): number {
    const before = this.countBelow(index);
    return before === 0 ? index : index + (this.sums[before - 1] as number);
  }

  /** How many shifts sit at an index below `index`. */
  private countBelow(index: number): number {
    return this.search((at) => at < index);
  }

  /** How many shifts sit at `index` or below. */
  private countAtMost(index: number): number {
    return this.search((at) => at <= index);
  }

  /** The length of the table's prefix whose entries satisfy `before` (the table is sorted). */
  private search(before: (at: number) => boolean): number {
    let low = 0;
    let high = this.at.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (before(this.at[middle] as number)) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
