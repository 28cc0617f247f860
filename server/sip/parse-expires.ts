import { parseDecimal } from './parse-decimal.js';
import type { NumberHeader } from './parse-max-forwards.js';

/**
 * `Expires = "Expires" HCOLON delta-seconds` (RFC 3261 §20.19): seconds between 0 and
 * 2^32-1. Also serves the `expires` Contact parameter (§20.10).
 */
export function parseExpires(value: string): NumberHeader {
  const v = value.trim();
  const n = parseDecimal(v, 0, v.length, 0xffffffff);
  if (n === undefined) {
    return {
      value: undefined,
      issues: [{ code: 'bad-expires', offset: 0, message: `Expires '${v.slice(0, 40)}' is not 0 to 2^32-1 seconds (RFC 3261 §20.19)` }],
    };
  }
  return { value: n, issues: [] };
}
