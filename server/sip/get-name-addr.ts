import type { ParsedSip } from '../model/sip-message.js';
import { getHeader, getHeaders } from './get-header.js';
import { parseNameAddr, type NameAddr } from './parse-name-addr.js';

/** The From header as a name-addr (RFC 3261 §20.20), or undefined when absent. */
export function getFrom(msg: Pick<ParsedSip, 'headers'>): NameAddr | undefined {
  const v = getHeader(msg, 'from');
  return v === undefined ? undefined : parseNameAddr(v);
}

/** The To header as a name-addr (RFC 3261 §20.39), or undefined when absent. */
export function getTo(msg: Pick<ParsedSip, 'headers'>): NameAddr | undefined {
  const v = getHeader(msg, 'to');
  return v === undefined ? undefined : parseNameAddr(v);
}

/**
 * Every element of a name-addr list header (Contact, Route, Record-Route, Path,
 * P-Asserted-Identity...) in order. A `Contact: *` (RFC 3261 §20.10, REGISTER only) yields no
 * element: test for it with `getHeader(msg, 'contact') === '*'`.
 */
export function getNameAddrs(msg: Pick<ParsedSip, 'headers'>, name: string): NameAddr[] {
  const out: NameAddr[] = [];
  for (const v of getHeaders(msg, name)) if (v !== '*') out.push(parseNameAddr(v));
  return out;
}
