import { parseDecimal, parseDecimalBytes } from './parse-decimal.js';

/**
 * RFC 3261 §20.14: `Content-Length = ( "Content-Length" / "l" ) HCOLON 1*DIGIT`. Strict: after
 * trimming, digits only — a sign (RFC 4475 §3.1.2.3 `-999`) or trailing junk is rejected, as is
 * a value beyond 2^53-1 that a number cannot hold exactly.
 */
export function parseContentLengthBytes(raw: Buffer, start: number, end: number): number | undefined {
  return parseDecimalBytes(raw, start, end, Number.MAX_SAFE_INTEGER);
}

/** {@link parseContentLengthBytes} for a header value string. */
export function parseContentLength(value: string): number | undefined {
  const v = value.trim();
  return parseDecimal(v, 0, v.length, Number.MAX_SAFE_INTEGER);
}
