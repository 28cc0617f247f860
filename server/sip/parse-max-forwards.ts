import type { ParseIssue } from '../model/sip-message.js';
import { parseDecimal } from './parse-decimal.js';

export interface NumberHeader {
  readonly value: number | undefined;
  readonly issues: readonly ParseIssue[];
}

/**
 * `Max-Forwards = "Max-Forwards" HCOLON 1*DIGIT` (RFC 3261 §20.22); the count is decremented
 * per hop and RFC 4475 §3.1.2.4 treats values above 255 as out of range.
 */
export function parseMaxForwards(value: string): NumberHeader {
  const v = value.trim();
  const n = parseDecimal(v, 0, v.length, 255);
  if (n === undefined) {
    return { value: undefined, issues: [{ code: 'bad-max-forwards', offset: 0, message: `Max-Forwards '${v}' is not 0-255` }] };
  }
  return { value: n, issues: [] };
}
