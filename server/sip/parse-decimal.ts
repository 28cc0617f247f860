/**
 * `1*DIGIT` in `text[start, end)` as a number no greater than `max`; undefined when the span is
 * empty, holds anything but digits, or exceeds `max`. Leading zeros are allowed (RFC 4475
 * §3.1.1.1 uses `Max-Forwards: 0068` and `CSeq: 0009`).
 */
export function parseDecimal(text: string, start: number, end: number, max: number): number | undefined {
  if (start >= end) return undefined;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
    if (n > max) return undefined;
  }
  return n;
}

/** The same over bytes, for the hot path. */
export function parseDecimalBytes(raw: Buffer, start: number, end: number, max: number): number | undefined {
  if (start >= end) return undefined;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = raw[i] - 0x30;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
    if (n > max) return undefined;
  }
  return n;
}
