import type { SipMessage } from '../../model/sip-message.js';
import { findHeader, headerValueAt } from '../../sip/header-access.js';
import { isListHeader } from '../../sip/is-list-header.js';
import { parseNameAddr, type NameAddr } from '../../sip/parse-name-addr.js';
import { parseVia, type ViaHeader } from '../../sip/parse-via.js';
import { splitHeaderValues } from '../../sip/split-header-values.js';
import { plainNameAddrTag, plainVia } from './plain-values.js';

/** The parsed elements of one header line, with its position in `headerKeys(msg)`. */
export interface HeaderLine<T> {
  readonly index: number;
  readonly items: readonly T[];
}

/** One header line: its fast-path reading when plain, else the full parse. */
interface ViaLine {
  readonly index: number;
  readonly plain: ReturnType<typeof plainVia>;
  parsed: ViaHeader | undefined;
}

interface NameAddrLine {
  readonly index: number;
  /** The tag when the value is plain (undefined: no tag); null when it is not plain. */
  readonly plainTag: string | undefined | null;
  parsed: NameAddr[] | undefined;
}

/*
 * Several rules read the same structured views of one message (its Vias, From, To, Contact).
 * They are read once per message, not once per rule, through the fast path where the value is
 * plain (plain-values.ts). The engine runs every rule over one message before the next, so a
 * one-message cache is enough; a WeakMap keyed by message was measured to cost more in
 * garbage collection than it saved.
 */
interface Views {
  readonly msg: SipMessage;
  via: ViaLine[] | undefined;
  readonly nameAddrs: Map<string, NameAddrLine[]>;
}

let current: Views | undefined;

function views(msg: SipMessage): Views {
  if (current === undefined || current.msg !== msg) current = { msg, via: undefined, nameAddrs: new Map() };
  return current;
}

function viaLines(msg: SipMessage): ViaLine[] {
  const c = views(msg);
  if (c.via === undefined) {
    const v: ViaLine[] = [];
    for (let i = findHeader(msg, 'via'); i >= 0; i = findHeader(msg, 'via', i + 1)) {
      v.push({ index: i, plain: plainVia(headerValueAt(msg, i)), parsed: undefined });
    }
    c.via = v;
  }
  return c.via;
}

function parsedVia(msg: SipMessage, line: ViaLine): ViaHeader {
  return (line.parsed ??= parseVia(headerValueAt(msg, line.index)));
}

/** The Via header lines that are not plain, fully parsed: the only ones that can hold a fault. */
export function suspectViaLines(msg: SipMessage): HeaderLine<ViaHeader>[] {
  const out: HeaderLine<ViaHeader>[] = [];
  for (const l of viaLines(msg)) if (l.plain === null) out.push({ index: l.index, items: [parsedVia(msg, l)] });
  return out;
}

/** The topmost Via's sent-by host and branch (RFC 3261 §8.1.1.7), or undefined without Via. */
export function topVia(msg: SipMessage): { host: string; branch: string | undefined } | undefined {
  const first = viaLines(msg)[0];
  if (first === undefined) return undefined;
  if (first.plain !== null) return first.plain;
  const v = parsedVia(msg, first).vias[0];
  return v === undefined ? undefined : { host: v.host, branch: v.branch };
}

function nameAddrLines(msg: SipMessage, key: string): NameAddrLine[] {
  const m = views(msg).nameAddrs;
  let v = m.get(key);
  if (v === undefined) {
    v = [];
    for (let i = findHeader(msg, key); i >= 0; i = findHeader(msg, key, i + 1)) {
      v.push({ index: i, plainTag: plainNameAddrTag(headerValueAt(msg, i)), parsed: undefined });
    }
    m.set(key, v);
  }
  return v;
}

/** Elements of one line, split at commas for list headers (RFC 3261 §7.3.1); `*` yields none. */
function parsedNameAddrs(msg: SipMessage, key: string, line: NameAddrLine): NameAddr[] {
  if (line.parsed === undefined) {
    const value = headerValueAt(msg, line.index);
    const items: NameAddr[] = [];
    if (isListHeader(key)) {
      for (const it of splitHeaderValues(value)) if (it.text !== '' && it.text !== '*') items.push(parseNameAddr(it.text));
    } else if (value !== '*') {
      items.push(parseNameAddr(value));
    }
    line.parsed = items;
  }
  return line.parsed;
}

/** The lines of header `key` that are not plain, fully parsed: the only ones that can hold a fault. */
export function suspectNameAddrLines(msg: SipMessage, key: string): HeaderLine<NameAddr>[] {
  const out: HeaderLine<NameAddr>[] = [];
  for (const l of nameAddrLines(msg, key)) if (l.plainTag === null) out.push({ index: l.index, items: parsedNameAddrs(msg, key, l) });
  return out;
}

/** Every element of header `key` (lower-case full name), fully parsed. */
export function allNameAddrs(msg: SipMessage, key: string): NameAddr[] {
  const out: NameAddr[] = [];
  for (const l of nameAddrLines(msg, key)) for (const na of parsedNameAddrs(msg, key, l)) out.push(na);
  return out;
}

/**
 * The tag of the first From or To (RFC 3261 §19.3): a string, undefined when it has none, or
 * null when the header is absent.
 */
export function nameAddrTag(msg: SipMessage, key: 'from' | 'to'): string | undefined | null {
  const first = nameAddrLines(msg, key)[0];
  if (first === undefined) return null;
  if (first.plainTag !== null) return first.plainTag === '' ? undefined : first.plainTag;
  const na = parsedNameAddrs(msg, key, first)[0];
  return na === undefined || na.tag === '' ? undefined : na.tag;
}

/** The URI text of the first From or To, for summaries (slow path; only called when reporting). */
export function nameAddrUri(msg: SipMessage, key: 'from' | 'to'): string {
  return allNameAddrs(msg, key)[0]?.uriText ?? '';
}

/** How many name-addr elements header `key` holds across its lines (a plain line holds one). */
export function countNameAddrs(msg: SipMessage, key: string): number {
  let n = 0;
  for (const l of nameAddrLines(msg, key)) n += l.plainTag !== null ? 1 : parsedNameAddrs(msg, key, l).length;
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
