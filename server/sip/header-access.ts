import type { ParsedSip } from '../model/sip-message.js';
import { SPAN_FIELDS } from './scan-header-block.js';
import { headerValueText } from './sip-header-view.js';
import { SipMessageRecord } from './sip-message-record.js';

/**
 * Header access without header views. A message from `parseSip` keeps its headers as a compact
 * index (keys + byte spans); making the `SipHeaderView` objects behind `msg.headers` costs more
 * than correlating the message (measured), so the hot paths of later stages ask by position:
 * the keys, then the value of just the fields they need. Any other `ParsedSip` works too,
 * through its `headers`.
 */
export function headerKeys(msg: Pick<ParsedSip, 'headers'>): readonly string[] {
  return msg instanceof SipMessageRecord ? msg.headerIndex.keys : msg.headers.map((h) => h.key);
}

/** The value (folding undone, RFC 3261 §7.3.1) of the header at position `i` of headerKeys(msg). */
export function headerValueAt(msg: Pick<ParsedSip, 'headers'>, i: number): string {
  if (msg instanceof SipMessageRecord) {
    const s = msg.headerIndex.spans;
    const o = i * SPAN_FIELDS;
    return headerValueText(msg.raw, s[o + 2], s[o + 3], s[o + 5] === 1);
  }
  return msg.headers[i].value;
}

/** Byte span [start, end) of the value at position `i` in `msg.raw` (end includes folded lines), and whether it is folded. */
export function headerValueSpanAt(msg: Pick<ParsedSip, 'headers'>, i: number): { start: number; end: number; folded: boolean } | undefined {
  if (!(msg instanceof SipMessageRecord)) return undefined;
  const s = msg.headerIndex.spans;
  const o = i * SPAN_FIELDS;
  return { start: s[o + 2], end: s[o + 3], folded: s[o + 5] === 1 };
}

/** Position of the first header with this key (lower-case full name) in headerKeys(msg), or -1. */
export function findHeader(msg: Pick<ParsedSip, 'headers'>, key: string, from = 0): number {
  const keys = headerKeys(msg);
  for (let i = from; i < keys.length; i++) if (keys[i] === key) return i;
  return -1;
}
