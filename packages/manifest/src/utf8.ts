/**
 * Strict UTF-8 decoding for every file and variable the tools read. Node's "utf8" decoding turns a bad byte into
 * U+FFFD without a word, so a damaged manifest or compat value would be read as something nobody wrote; here it is
 * refused, with the byte offset, so whoever wrote it can find it.
 */

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export type Utf8Decode = { ok: true; text: string } | { ok: false; offset: number };

/** Length of the well-formed sequence starting at `i` (Unicode's Table 3-7), or 0 when there is none. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i] as number;
  const inRange = (at: number, low: number, high: number) => {
    const byte = bytes[at];
    return byte !== undefined && byte >= low && byte <= high;
  };
  const tail = (from: number, count: number) => {
    for (let k = 0; k < count; k++) if (!inRange(from + k, 0x80, 0xbf)) return false;
    return true;
  };
  if (lead <= 0x7f) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return tail(i + 1, 1) ? 2 : 0;
  if (lead >= 0xe0 && lead <= 0xef) {
    // E0 needs A0..BF (no overlong forms), ED needs 80..9F (no surrogates).
    const second =
      lead === 0xe0
        ? inRange(i + 1, 0xa0, 0xbf)
        : lead === 0xed
          ? inRange(i + 1, 0x80, 0x9f)
          : inRange(i + 1, 0x80, 0xbf);
    return second && tail(i + 2, 1) ? 3 : 0;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    // F0 needs 90..BF (no overlong forms), F4 needs 80..8F (nothing above U+10FFFF).
    const second =
      lead === 0xf0
        ? inRange(i + 1, 0x90, 0xbf)
        : lead === 0xf4
          ? inRange(i + 1, 0x80, 0x8f)
          : inRange(i + 1, 0x80, 0xbf);
    return second && tail(i + 2, 2) ? 4 : 0;
  }
  return 0;
}

/** The offset of the first byte that does not start a well-formed UTF-8 sequence; undefined when all are. */
export function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceLength(bytes, i);
    if (length === 0) return i;
    i += length;
  }
  return undefined;
}

/**
 * Decodes `bytes` as UTF-8, refusing what is not (TextDecoder's fatal mode finds it; the offset is then looked for,
 * only on that rare path). A byte-order mark is kept, as Node's own decoding keeps it.
 */
export function decodeUtf8(bytes: Uint8Array): Utf8Decode {
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    return { ok: false, offset: firstInvalidUtf8(bytes) ?? 0 };
  }
}

export function invalidUtf8Message(offset: number): string {
  return `is not valid UTF-8 (the first bad byte is at offset ${offset}): save it as UTF-8`;
}
