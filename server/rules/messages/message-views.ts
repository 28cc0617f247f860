import { MAGIC_COOKIE } from '../../correlate/transaction-key.js';
import type { SipMessage } from '../../model/sip-message.js';
import { headerKeys, headerValueAt } from '../../sip/header-access.js';
import { isListHeader } from '../../sip/is-list-header.js';
import { parseNameAddr, type NameAddr } from '../../sip/parse-name-addr.js';
import { parseVia, type ViaHeader } from '../../sip/parse-via.js';
import { SPAN_FIELDS } from '../../sip/scan-header-block.js';
import { SipMessageRecord } from '../../sip/sip-message-record.js';
import { splitHeaderValues } from '../../sip/split-header-values.js';
import { branchEnd, plainNameAddrBytes, plainViaBytes } from './plain-value-bytes.js';
import { plainNameAddrTag, plainVia } from './plain-values.js';

/** The parsed elements of one header line, with its position in `headerKeys(msg)`. */
export interface HeaderLine<T> {
  readonly index: number;
  readonly items: readonly T[];
}

/** Not yet looked at / not plain: the values of `Lines.plain` other than a plain reading (>= 0 or -2). */
const UNKNOWN = -3;
const NOT_PLAIN = -1;

/**
 * The lines of one header in a message: positions, their plain reading (computed on first use)
 * and full parse (only for lines that are not plain). Arrays are reused from message to
 * message, so a clean message allocates nothing here.
 */
class Lines<P> {
  count = 0;
  readonly index: number[] = [];
  /**
   * Per line: UNKNOWN, NOT_PLAIN, or the plain reading — for a name-addr 1 (tag) or 0 (no
   * tag); for a Via the byte offset of its branch value (-2: no branch; -4: plain, read from the
   * decoded text, see plainViaText).
   */
  readonly plain: number[] = [];
  readonly parsed: (P | undefined)[] = [];

  add(i: number): void {
    const n = this.count++;
    this.index[n] = i;
    this.plain[n] = UNKNOWN;
    this.parsed[n] = undefined;
  }
}

/*
 * Several rules read the same structured views of one message (its Vias, From, To, Contact).
 * One pass over the header keys finds their lines; each line is then read once per message,
 * not once per rule: first by a byte matcher on the raw value (plain-value-bytes.ts), then by
 * the regex fast path (plain-values.ts), and only when neither calls it plain by the full
 * parser. The engine runs every rule over one message before the next, so a one-message cache
 * is enough; a WeakMap keyed by message was measured to cost more in garbage collection than
 * it saved.
 */
let current: SipMessage | undefined;
const via = new Lines<ViaHeader>();
const from = new Lines<NameAddr[]>();
const to = new Lines<NameAddr[]>();
const contact = new Lines<NameAddr[]>();
/** The plainVia reading of the top Via when it was read from text (non-byte path). */
let topViaText: ReturnType<typeof plainVia> = null;
/** Whether every Via / From, To and Contact line is plain: -1 not yet known, 0 no, 1 yes. */
let viasPlain = -1;
/** topViaBranch's answer for this message, once asked (both branch rules ask). */
let topBranch: TopBranch | undefined;
let nameAddrsPlain = -1;
/** Positions found by the same pass: -1 when absent. */
let callIdAt = -1;
let cseqAt = -1;
let maxForwardsAt = -1;
let contentTypeAt = -1;

const NO_LINES: readonly never[] = Object.freeze([]);

function scan(msg: SipMessage): void {
  if (current === msg) return;
  current = msg;
  via.count = from.count = to.count = contact.count = 0;
  topViaText = null;
  viasPlain = nameAddrsPlain = -1;
  topBranch = undefined;
  callIdAt = cseqAt = maxForwardsAt = contentTypeAt = -1;
  const keys = headerKeys(msg);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (k === 'via') via.add(i);
    else if (k === 'from') from.add(i);
    else if (k === 'to') to.add(i);
    else if (k === 'contact') contact.add(i);
    else if (k === 'call-id') callIdAt = callIdAt < 0 ? i : callIdAt;
    else if (k === 'cseq') cseqAt = cseqAt < 0 ? i : cseqAt;
    else if (k === 'max-forwards') maxForwardsAt = maxForwardsAt < 0 ? i : maxForwardsAt;
    else if (k === 'content-type') contentTypeAt = contentTypeAt < 0 ? i : contentTypeAt;
  }
}

/** True when the message has To, From, CSeq, Call-ID and Via (RFC 3261 §8.1.1, §8.2.6.2). */
export function hasCoreHeaders(msg: SipMessage): boolean {
  scan(msg);
  return to.count > 0 && from.count > 0 && cseqAt >= 0 && callIdAt >= 0 && via.count > 0;
}

/**
 * The core header fields the message lacks, by name in RFC order (To, From, CSeq, Call-ID,
 * Via), for HDR-MANDATORY-REQ and HDR-MANDATORY-RESP; empty for a complete message.
 */
export function missingCoreHeaders(msg: SipMessage): string[] {
  scan(msg);
  const missing: string[] = [];
  if (to.count === 0) missing.push('To');
  if (from.count === 0) missing.push('From');
  if (cseqAt < 0) missing.push('CSeq');
  if (callIdAt < 0) missing.push('Call-ID');
  if (via.count === 0) missing.push('Via');
  return missing;
}

/** Position of the first Max-Forwards or Content-Type in headerKeys(msg) (as findHeader), or -1. */
export function firstHeader(msg: SipMessage, key: 'max-forwards' | 'content-type'): number {
  scan(msg);
  return key === 'max-forwards' ? maxForwardsAt : contentTypeAt;
}

/** The cached lines of a name-addr header; other keys (P-Asserted-Identity) get a fresh set. */
function nameAddrLines(msg: SipMessage, key: string): Lines<NameAddr[]> {
  scan(msg);
  switch (key) {
    case 'from':
      return from;
    case 'to':
      return to;
    case 'contact':
      return contact;
    default: {
      const l = new Lines<NameAddr[]>();
      const keys = headerKeys(msg);
      for (let i = 0; i < keys.length; i++) if (keys[i] === key) l.add(i);
      return l;
    }
  }
}

/** The value span of header `i` set by valueSpan. */
let spanStart = 0;
let spanEnd = 0;

/**
 * Sets spanStart/spanEnd to the raw value bytes of header `i` and returns true when they can be
 * read in place (a parser record, value not folded). Reads the record's index directly:
 * headerValueSpanAt's result object per call was measured to cost as much as the byte match.
 */
function valueSpan(msg: SipMessage, i: number): boolean {
  if (!(msg instanceof SipMessageRecord)) return false;
  const sp = msg.headerIndex.spans;
  const o = i * SPAN_FIELDS;
  spanStart = sp[o + 2];
  spanEnd = sp[o + 3];
  return sp[o + 5] !== 1;
}

/** The plain reading of Via line `j`: a branch offset (>= 0), -2 (no branch), -4 (text path), or NOT_PLAIN. */
function viaPlain(msg: SipMessage, j: number): number {
  let p = via.plain[j];
  if (p !== UNKNOWN) return p;
  const i = via.index[j];
  if (valueSpan(msg, i)) p = plainViaBytes(msg.raw, spanStart, spanEnd);
  if (p < 0 && p !== -2) {
    const t = plainVia(headerValueAt(msg, i));
    p = t === null ? NOT_PLAIN : -4;
    if (j === 0) topViaText = t;
  }
  via.plain[j] = p;
  return p;
}

function parsedVia(msg: SipMessage, j: number): ViaHeader {
  let v = via.parsed[j];
  if (v === undefined) {
    v = parseVia(headerValueAt(msg, via.index[j]));
    via.parsed[j] = v;
  }
  return v;
}

/** The Via header lines that are not plain, fully parsed: the only ones that can hold a fault. */
export function suspectViaLines(msg: SipMessage): readonly HeaderLine<ViaHeader>[] {
  scan(msg);
  if (viasPlain < 0) {
    viasPlain = 1;
    for (let j = 0; j < via.count; j++) if (viaPlain(msg, j) === NOT_PLAIN) viasPlain = 0;
  }
  if (viasPlain === 1) return NO_LINES;
  let out: HeaderLine<ViaHeader>[] | undefined;
  for (let j = 0; j < via.count; j++) {
    if (viaPlain(msg, j) === NOT_PLAIN) (out ??= []).push({ index: via.index[j], items: [parsedVia(msg, j)] });
  }
  return out ?? NO_LINES;
}

/** The topmost Via's sent-by host and branch (RFC 3261 §8.1.1.7), or undefined without Via. */
export function topVia(msg: SipMessage): { host: string; branch: string | undefined } | undefined {
  scan(msg);
  if (via.count === 0) return undefined;
  const p = viaPlain(msg, 0);
  if (p !== NOT_PLAIN) {
    // Summaries only (a rule reports): the regex reading gives the host and branch as text.
    const t = topViaText ?? plainVia(headerValueAt(msg, via.index[0]));
    if (t !== null) return t;
  }
  const v = parsedVia(msg, 0).vias[0];
  return v === undefined ? undefined : { host: v.host, branch: v.branch };
}

/** What the top Via's branch is, for the branch rules (RFC 3261 §8.1.1.7, §17.2.3). */
export type TopBranch = 'no-via' | 'none' | 'empty' | 'cookie-only' | 'cookie' | 'no-cookie';

function branchKind(b: string | undefined): TopBranch {
  if (b === undefined) return 'none';
  if (b === '') return 'empty';
  if (b === MAGIC_COOKIE) return 'cookie-only';
  return b.startsWith(MAGIC_COOKIE) ? 'cookie' : 'no-cookie';
}

/** The kind of the top Via's branch, read from the bytes when the Via is plain (no string made). */
export function topViaBranch(msg: SipMessage): TopBranch {
  scan(msg);
  return (topBranch ??= readTopBranch(msg));
}

function readTopBranch(msg: SipMessage): TopBranch {
  if (via.count === 0) return 'no-via';
  const p = viaPlain(msg, 0);
  if (p === -2) return 'none';
  if (p >= 0) {
    const raw = msg.raw;
    // p >= 0 only comes from the byte path, so the span is that of a record.
    valueSpan(msg, via.index[0]);
    const end = branchEnd(raw, p, spanEnd);
    // A plain branch is never empty, so one shorter than the cookie simply lacks it.
    if (end - p < MAGIC_COOKIE.length) return 'no-cookie';
    for (let k = 0; k < MAGIC_COOKIE.length; k++) if (raw[p + k] !== MAGIC_COOKIE.charCodeAt(k)) return 'no-cookie';
    return end - p === MAGIC_COOKIE.length ? 'cookie-only' : 'cookie';
  }
  const t = topVia(msg);
  return t === undefined ? 'no-via' : branchKind(t.branch);
}

/** The plain reading of name-addr line `j`: 1 (tag), 0 (no tag), or NOT_PLAIN. */
function nameAddrPlain(msg: SipMessage, lines: Lines<NameAddr[]>, j: number): number {
  let p = lines.plain[j];
  if (p !== UNKNOWN) return p;
  const i = lines.index[j];
  if (valueSpan(msg, i)) p = plainNameAddrBytes(msg.raw, spanStart, spanEnd);
  if (p < 0) {
    const t = plainNameAddrTag(headerValueAt(msg, i));
    p = t === null ? NOT_PLAIN : t === undefined || t === '' ? 0 : 1;
  }
  lines.plain[j] = p;
  return p;
}

/** Elements of one line, split at commas for list headers (RFC 3261 §7.3.1); `*` yields none. */
function parsedNameAddrs(msg: SipMessage, key: string, lines: Lines<NameAddr[]>, j: number): NameAddr[] {
  let items = lines.parsed[j];
  if (items === undefined) {
    const value = headerValueAt(msg, lines.index[j]);
    items = [];
    if (isListHeader(key)) {
      for (const it of splitHeaderValues(value)) if (it.text !== '' && it.text !== '*') items.push(parseNameAddr(it.text));
    } else if (value !== '*') {
      items.push(parseNameAddr(value));
    }
    lines.parsed[j] = items;
  }
  return items;
}

/** The lines of header `key` that are not plain, fully parsed: the only ones that can hold a fault. */
export function suspectNameAddrLines(msg: SipMessage, key: string): readonly HeaderLine<NameAddr>[] {
  const lines = nameAddrLines(msg, key);
  let out: HeaderLine<NameAddr>[] | undefined;
  for (let j = 0; j < lines.count; j++) {
    if (nameAddrPlain(msg, lines, j) === NOT_PLAIN) (out ??= []).push({ index: lines.index[j], items: parsedNameAddrs(msg, key, lines, j) });
  }
  return out ?? NO_LINES;
}

/** True when no From, To or Contact line can hold a fault (all are plain): one check per message. */
export function nameAddrsArePlain(msg: SipMessage): boolean {
  scan(msg);
  if (nameAddrsPlain < 0) {
    nameAddrsPlain = allPlain(msg, from) && allPlain(msg, to) && allPlain(msg, contact) ? 1 : 0;
  }
  return nameAddrsPlain === 1;
}

function allPlain(msg: SipMessage, lines: Lines<NameAddr[]>): boolean {
  for (let j = 0; j < lines.count; j++) if (nameAddrPlain(msg, lines, j) === NOT_PLAIN) return false;
  return true;
}

/** Every element of header `key` (lower-case full name), fully parsed. */
export function allNameAddrs(msg: SipMessage, key: string): NameAddr[] {
  const lines = nameAddrLines(msg, key);
  const out: NameAddr[] = [];
  for (let j = 0; j < lines.count; j++) for (const na of parsedNameAddrs(msg, key, lines, j)) out.push(na);
  return out;
}

/**
 * Whether the first From or To has a tag (RFC 3261 §19.3): true or false, or null when the
 * header is absent. An empty tag counts as none.
 */
export function nameAddrHasTag(msg: SipMessage, key: 'from' | 'to'): boolean | null {
  const lines = nameAddrLines(msg, key);
  if (lines.count === 0) return null;
  const p = nameAddrPlain(msg, lines, 0);
  if (p !== NOT_PLAIN) return p === 1;
  const na = parsedNameAddrs(msg, key, lines, 0)[0];
  return na !== undefined && na.tag !== undefined && na.tag !== '';
}

/** The URI text of the first From or To, for summaries (slow path; only called when reporting). */
export function nameAddrUri(msg: SipMessage, key: 'from' | 'to'): string {
  return allNameAddrs(msg, key)[0]?.uriText ?? '';
}

/** How many name-addr elements header `key` holds across its lines (a plain line holds one). */
export function countNameAddrs(msg: SipMessage, key: string): number {
  const lines = nameAddrLines(msg, key);
  let n = 0;
  for (let j = 0; j < lines.count; j++) n += nameAddrPlain(msg, lines, j) !== NOT_PLAIN ? 1 : parsedNameAddrs(msg, key, lines, j).length;
  return n;
}

/**
 * True when the capture lost part of the message (a TCP gap, or the capture ended inside it):
 * what is missing was not seen, so rules about completeness must not fire on it.
 */
export function isTruncated(msg: SipMessage): boolean {
  for (const n of msg.framing) if (n.code === 'gap-truncated' || n.code === 'incomplete-at-end') return true;
  return false;
}
