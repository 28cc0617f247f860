/**
 * Text out of a Buffer range without `Buffer#toString`'s argument handling, which costs more
 * than decoding a short header value (measured on the ingest hot path). `utf8Slice` and
 * `latin1Slice` are the methods `toString` itself ends in; unlike it they do not clamp, so the
 * callers pass 0 <= start <= end <= raw.length (every call site derives them from raw.length).
 */
interface BufferSlices {
  utf8Slice(start: number, end: number): string;
  latin1Slice(start: number, end: number): string;
}

export function utf8Text(raw: Buffer, start: number, end: number): string {
  return (raw as unknown as BufferSlices).utf8Slice(start, end);
}

export function latin1Text(raw: Buffer, start: number, end: number): string {
  return (raw as unknown as BufferSlices).latin1Slice(start, end);
}
