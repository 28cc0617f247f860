import type { SipMessage } from '../../model/sip-message.js';
import { headerValueSpanAt } from '../../sip/header-access.js';

/** A byte range of `msg.raw`, as a rule Finding carries it. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * The byte span of the value of header `i` (a position in `headerKeys(msg)`), so the UI can
 * highlight the value at fault. Works for parser records (index spans) and plain ParsedSip
 * (header views).
 */
export function headerSpan(msg: SipMessage, i: number): Span | undefined {
  const s = headerValueSpanAt(msg, i);
  if (s !== undefined) return { start: s.start, end: s.end };
  const h = msg.headers[i];
  return h === undefined ? undefined : { start: h.start, end: h.end };
}

/** The line of `msg.raw` holding `offset` (without its line break): where a parse issue sits. */
export function lineSpan(msg: SipMessage, offset: number): Span {
  const raw = msg.raw;
  const at = Math.max(0, Math.min(offset, raw.length));
  let start = at;
  while (start > 0 && raw[start - 1] !== 0x0a) start--;
  let end = raw.indexOf(0x0a, at);
  if (end < 0) end = raw.length;
  if (end > start && raw[end - 1] === 0x0d) end--;
  return { start, end: Math.max(end, start) };
}
