import type { ParseIssue } from '../model/sip-message.js';
import { parseDecimal } from './parse-decimal.js';
import { isToken } from './token-chars.js';

export interface RAck {
  readonly rseq: number;
  readonly cseq: number;
  readonly method: string;
}

export interface RAckResult {
  readonly rack: RAck | undefined;
  readonly issues: readonly ParseIssue[];
}

/** `RAck = "RAck" HCOLON response-num LWS CSeq-num LWS Method` (RFC 3262 §7.2). */
export function parseRAck(value: string): RAckResult {
  const parts = value.trim().split(/\s+/);
  if (parts.length === 3) {
    const rseq = parseDecimal(parts[0], 0, parts[0].length, 0xffffffff);
    const cseq = parseDecimal(parts[1], 0, parts[1].length, 0xffffffff);
    if (rseq !== undefined && cseq !== undefined && isToken(parts[2])) {
      return { rack: { rseq, cseq, method: parts[2] }, issues: [] };
    }
  }
  return {
    rack: undefined,
    issues: [{ code: 'bad-rack', offset: 0, message: `RAck '${value.trim()}' is not "response-num CSeq-num Method"` }],
  };
}
