import type { ParsedSip } from '../model/sip-message.js';
import { latin1Text } from '../sip/buffer-text.js';
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
 * Value spans of the first Via, From and To, read from the header block's bytes. The sip
 * stage makes header views only when asked (`msg.headers`), and making them for every message
 * costs more than the whole correlation budget (measured: ~2.5 µs per message, the ingest
 * being ~3.3 µs), so the three lines are found here with `indexOf` from line to line, stopping
 * once all three are seen. RFC 3261 §7.3.1: names are case-insensitive, compact forms v/f/t
 * (§7.3.3), whitespace before the colon allowed, a line starting with SP/HT continues the
 * previous value (folding), CRLF or bare LF ends a line (tolerated as the parser does).
 */
const spans = new Int32Array(8);

export function correlationFields(msg: ParsedSip): CorrelationFields {
  if (msg === lastMsg && lastFields !== undefined) return lastFields;
  const raw = msg.raw;
  const end = Math.min(msg.bodyOffset, raw.length);
  spans.fill(-1);
  const sl = msg.startLine;
  // RFC 3262: only a reliable provisional response needs its RSeq (to tell two 183s apart).
  const need = sl !== null && sl.kind === 'response' && sl.status > 100 && sl.status < 200 ? 4 : 3;
  let found = 0;
  let last = -1;
  let pos = raw.indexOf(0x0a, 0);
  pos = pos < 0 || pos >= end ? end : pos + 1;
  while (pos < end) {
    let lf = raw.indexOf(0x0a, pos);
    if (lf < 0 || lf > end) lf = end;
    let lineEnd = lf;
    if (lineEnd > pos && raw[lineEnd - 1] === 0x0d) lineEnd--;
    const c = raw[pos];
    if (lineEnd === pos) break; // the blank line
    if (c === 0x20 || c === 0x09) {
      // Folding: the value of the header before goes on.
      if (last >= 0) spans[last * 2 + 1] = lineEnd;
    } else {
      last = -1;
      let i = pos;
      while (i < lineEnd && raw[i] !== 0x3a && raw[i] !== 0x20 && raw[i] !== 0x09) i++;
      const which = headerWhich(raw, pos, i, need);
      if (which >= 0 && spans[which * 2] < 0) {
        while (i < lineEnd && (raw[i] === 0x20 || raw[i] === 0x09)) i++;
        if (i < lineEnd && raw[i] === 0x3a) {
          spans[which * 2] = i + 1;
          spans[which * 2 + 1] = lineEnd;
          last = which;
          found++;
        }
      }
    }
    // Stop after the last header needed, once its folded lines (if any) are read.
    if (found === need && last < 0) break;
    pos = lf + 1;
    if (found === need && pos < end && raw[pos] !== 0x20 && raw[pos] !== 0x09) break;
  }
  const fields: CorrelationFields = {
    topVia: spans[VIA * 2] < 0 ? undefined : readTopVia(raw, spans[VIA * 2], spans[VIA * 2 + 1]),
    fromTag: spans[FROM * 2] < 0 ? '' : tagParam(raw, spans[FROM * 2], spans[FROM * 2 + 1]),
    toTag: spans[TO * 2] < 0 ? '' : tagParam(raw, spans[TO * 2], spans[TO * 2 + 1]),
    rseq: spans[RSEQ * 2] < 0 ? '' : latin1Text(raw, spans[RSEQ * 2], spans[RSEQ * 2 + 1]).trim(),
  };
  lastMsg = msg;
  lastFields = fields;
  return fields;
}

/** VIA, FROM, TO (RSEQ when need is 4) for a header name in `raw[start, end)` (any case, compact forms), else -1. */
function headerWhich(raw: Buffer, start: number, end: number, need: number): number {
  const n = end - start;
  const c0 = raw[start] | 0x20;
  if (n === 1) return c0 === 0x76 ? VIA : c0 === 0x66 ? FROM : c0 === 0x74 ? TO : -1;
  if (n === 2) return c0 === 0x74 && (raw[start + 1] | 0x20) === 0x6f ? TO : -1;
  if (n === 3) return c0 === 0x76 && (raw[start + 1] | 0x20) === 0x69 && (raw[start + 2] | 0x20) === 0x61 ? VIA : -1;
  if (n === 4) {
    const c1 = raw[start + 1] | 0x20;
    const c2 = raw[start + 2] | 0x20;
    const c3 = raw[start + 3] | 0x20;
    if (c0 === 0x66 && c1 === 0x72 && c2 === 0x6f && c3 === 0x6d) return FROM;
    if (need === 4 && c0 === 0x72 && c1 === 0x73 && c2 === 0x65 && c3 === 0x71) return RSEQ;
  }
  return -1;
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
