import { parseDecimal } from './parse-decimal.js';
import type { NumberHeader } from './parse-max-forwards.js';

/**
 * `RSeq = "RSeq" HCOLON response-num`, `response-num = 1*DIGIT` (RFC 3262 §7.1); the value is
 * at most 2^32-1 (RFC 3262 §3: it is incremented from an initial value below 2^31).
 */
export function parseRSeq(value: string): NumberHeader {
  const v = value.trim();
  const n = parseDecimal(v, 0, v.length, 0xffffffff);
  if (n === undefined) {
    return { value: undefined, issues: [{ code: 'bad-rseq', offset: 0, message: `RSeq '${v}' is not 1*DIGIT below 2^32` }] };
  }
  return { value: n, issues: [] };
}
