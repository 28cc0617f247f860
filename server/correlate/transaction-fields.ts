import type { ParsedSip } from '../model/sip-message.js';
import { latin1Text } from '../sip/buffer-text.js';
import { headerKeys, headerValueAt, headerValueSpanAt } from '../sip/header-access.js';
import { readTopVia, type TopVia } from './transaction-key.js';

/** The few header facts correlation needs from a message: top Via, From tag, To tag. */
export interface CorrelationFields {
  /** undefined when the message has no readable Via. */
  readonly topVia: TopVia | undefined;
  /** `tag` of From (RFC 3261 §19.3), '' when absent. */
  readonly fromTag: string;
  /** `tag` of To, '' when absent (an out-of-dialog request, a 100 Trying). */
  readonly toTag: string;
  /** RSeq of a 101-199 response (RFC 3262 §7.1) as written, '' when absent or not such a response. */
  readonly rseq: string;
}

/**
 * The first Via, From and To of a message, read once: the transaction and dialog trackers
 * both ask for the same message in turn, so the last answer is kept (one entry: no table
 * grows with the capture).
 */
let lastMsg: ParsedSip | undefined;
let lastFields: CorrelationFields | undefined;

const VIA = 0;
const FROM = 1;
const TO = 2;
const RSEQ = 3;

/**
 * Value spans of the first Via, From and To (and RSeq), from the message's compact header
 * index (header-access.ts): no header views, no second scan of the header block — views for
 * every message would cost more than the whole correlation budget (measured: ~2.5 µs per
 * message, the ingest being ~3.3 µs).
 */
const spans = new Int32Array(8);

export function correlationFields(msg: ParsedSip): CorrelationFields {
  if (msg === lastMsg && lastFields !== undefined) return lastFields;
  const raw = msg.raw;
  spans.fill(-1);
  const sl = msg.startLine;
  // RFC 3262: only a reliable provisional response needs its RSeq (to tell two 183s apart).
  const needRseq = sl !== null && sl.kind === 'response' && sl.status > 100 && sl.status < 200;
  const keys = headerKeys(msg);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const which = k === 'via' ? VIA : k === 'from' ? FROM : k === 'to' ? TO : needRseq && k === 'rseq' ? RSEQ : -1;
    if (which < 0 || spans[which * 2] >= 0) continue;
    const span = headerValueSpanAt(msg, i);
    if (span !== undefined && !span.folded) {
      spans[which * 2] = span.start;
      spans[which * 2 + 1] = span.end;
    } else {
      // Folded (or not from parseSip): read the unfolded text once.
      textValues[which] = headerValueAt(msg, i);
      spans[which * 2] = -2;
    }
  }
  const fields: CorrelationFields = {
    topVia: fieldOf(VIA, raw, (b, s, e) => readTopVia(b, s, e)),
    fromTag: fieldOf(FROM, raw, tagParam) ?? '',
    toTag: fieldOf(TO, raw, tagParam) ?? '',
    rseq: fieldOf(RSEQ, raw, (b, s, e) => latin1Text(b, s, e).trim()) ?? '',
  };
  lastMsg = msg;
  lastFields = fields;
  return fields;
}

/** Unfolded values of folded fields, by VIA/FROM/TO/RSEQ. */
const textValues: string[] = ['', '', '', ''];

function fieldOf<T>(which: number, raw: Buffer, read: (b: Buffer, s: number, e: number) => T): T | undefined {
  const s = spans[which * 2];
  if (s === -1) return undefined;
  if (s === -2) {
    const b = Buffer.from(textValues[which], 'utf8');
    return read(b, 0, b.length);
  }
  return read(raw, s, spans[which * 2 + 1]);
}


/**
 * The `tag` header parameter of a From/To value in `raw[start, end)` (RFC 3261 §19.3, §20.20),
 * '' when absent. Header parameters follow the `>` of a name-addr, or the URI of a bare
 * addr-spec, which ends at the first ';' (§20.10: a bare URI cannot carry parameters of its
 * own). Tags are opaque tokens compared as written.
 */
export function tagParam(raw: Buffer, start: number, end: number): string {
  let i = start;
  let lt = -1;
  for (; i < end; i++) {
    const c = raw[i];
    if (c === 0x22) {
      // Quoted display name: skip it, with quoted-pairs (§25.1).
      i++;
      while (i < end && raw[i] !== 0x22) i += raw[i] === 0x5c ? 2 : 1;
    } else if (c === 0x3c) {
      lt = i;
      break;
    } else if (c === 0x3b) {
      break;
    }
  }
  if (lt >= 0) {
    i = lt + 1;
    while (i < end && raw[i] !== 0x3e) i++;
    if (i >= end) return '';
    i++;
  }
  while (i < end) {
    if (raw[i] !== 0x3b) {
      i++;
      continue;
    }
    i++;
    while (i < end && isWs(raw[i])) i++;
    const ns = i;
    while (i < end && isTokenish(raw[i]) && raw[i] !== 0x3d) i++;
    if (i - ns !== 3 || (raw[ns] | 0x20) !== 0x74 || (raw[ns + 1] | 0x20) !== 0x61 || (raw[ns + 2] | 0x20) !== 0x67) continue;
    while (i < end && isWs(raw[i])) i++;
    if (i >= end || raw[i] !== 0x3d) return '';
    i++;
    while (i < end && isWs(raw[i])) i++;
    const vs = i;
    while (i < end && isTokenish(raw[i])) i++;
    return latin1Text(raw, vs, i);
  }
  return '';
}

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

/** token characters (§25.1) and any non-ASCII byte; stops at separators that end a parameter. */
function isTokenish(c: number): boolean {
  return c > 0x20 && c !== 0x3b && c !== 0x2c && c !== 0x3e && c !== 0x3c && c !== 0x22 && c !== 0x7f;
}
