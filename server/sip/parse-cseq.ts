import type { CSeq, ParseIssue } from '../model/sip-message.js';
import { internMethod } from './intern-method.js';
import { parseDecimalBytes } from './parse-decimal.js';
import { TOKEN_BYTES } from './token-chars.js';

/** RFC 3261 §8.1.1.5: the sequence number MUST be expressible as a 32-bit unsigned integer. */
export const CSEQ_MAX = 0xffffffff;

export interface CSeqFault {
  readonly fault: string;
  /** Offset of the fault within the span given. */
  readonly at: number;
}

/**
 * `CSeq = "CSeq" HCOLON 1*DIGIT LWS Method` (RFC 3261 §20.16) over `raw[start, end)`, the
 * trimmed value. LWS may include a fold (RFC 4475 §3.1.1.1 `cseq: 0009\r\n  INVITE`).
 */
export function parseCSeqBytes(raw: Buffer, start: number, end: number): CSeq | CSeqFault {
  let i = start;
  while (i < end && raw[i] >= 0x30 && raw[i] <= 0x39) i++;
  if (i === start) return { fault: 'CSeq does not start with a sequence number', at: 0 };
  const seq = parseDecimalBytes(raw, start, i, CSEQ_MAX);
  if (seq === undefined) return { fault: 'CSeq number exceeds 2^32-1 (RFC 3261 §8.1.1.5)', at: 0 };
  const digitsEnd = i;
  while (i < end && (raw[i] === 0x20 || raw[i] === 0x09 || raw[i] === 0x0d || raw[i] === 0x0a)) i++;
  if (i === digitsEnd) return { fault: 'CSeq needs whitespace between the number and the method', at: i - start };
  const methodStart = i;
  while (i < end && TOKEN_BYTES[raw[i]] === 1) i++;
  if (i === methodStart) return { fault: 'CSeq has no method', at: i - start };
  if (i !== end) return { fault: 'CSeq method is not a token (RFC 3261 §25.1)', at: i - start };
  return { seq, method: internMethod(raw, methodStart, i) };
}

export function isCSeqFault(v: CSeq | CSeqFault): v is CSeqFault {
  return 'fault' in v;
}

export interface CSeqResult {
  readonly cseq: CSeq | undefined;
  readonly issues: ParseIssue[];
}

/** Lazy form over a header value string; issue offsets are relative to the value. */
export function parseCSeq(value: string): CSeqResult {
  const lead = value.length - value.trimStart().length;
  const text = value.trim();
  const bytes = Buffer.from(text, 'utf8');
  const r = parseCSeqBytes(bytes, 0, bytes.length);
  if (isCSeqFault(r)) {
    return { cseq: undefined, issues: [{ code: 'bad-cseq', offset: lead + r.at, message: r.fault }] };
  }
  return { cseq: r, issues: [] };
}
