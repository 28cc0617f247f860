import { headerKeys, headerValueAt } from '../sip/header-access.js';
import type { ParseIssue, SipMessage } from '../model/sip-message.js';
import { headerKey } from '../sip/header-key.js';
import { parseGenericParams, paramValue } from '../sip/parse-generic-params.js';
import { parseNameAddr } from '../sip/parse-name-addr.js';
import { percentDecode } from '../sip/percent-decode.js';

/**
 * Evidence, found in one message, that its call is a leg of a larger session:
 *   'ref'           `value` is another leg's Call-ID: link to the call that has it (now or later);
 *   'shared'        every call carrying the same `value` is a leg of the same session;
 *   'refer-source'  a REFER's Referred-By (RFC 3892 §3): the INVITE it triggers carries it too;
 *   'refer-target'  an initial INVITE's Referred-By: links to the REFER that named it.
 */
export interface LinkKey {
  readonly mode: 'ref' | 'shared' | 'refer-source' | 'refer-target';
  readonly value: string;
  /** Shown on the link: the header name, e.g. "X-CID", "Session-ID", "Replaces". */
  readonly reason: string;
}

/**
 * Default X-CID-style headers: vendor headers that carry the other leg's Call-ID on a B2BUA
 * (X-CID: Sonus/Ribbon and many SBCs; X-Call-ID / X-Orig-Call-ID: FreeSWITCH, Kamailio
 * dialog/topos setups; X-Leg-ID: some PBXs).
 */
export const DEFAULT_LINK_HEADERS: readonly string[] = ['X-CID', 'X-Call-ID', 'X-Orig-Call-ID', 'X-Leg-ID'];

const NULL_UUID = '00000000000000000000000000000000';
const NO_KEYS: readonly LinkKey[] = Object.freeze([]);

/** Header-name lookup for `linkKeysOf`: header key → reason shown for Call-ID references. */
export function linkHeaderTable(names: readonly string[]): ReadonlyMap<string, string> {
  const t = new Map<string, string>();
  for (const n of names) {
    const k = headerKey(n.trim());
    if (k !== '' && !BUILT_IN.has(k)) t.set(k, n.trim());
  }
  return t;
}

const BUILT_IN = new Set(['session-id', 'p-charging-vector', 'replaces', 'refer-to', 'referred-by']);

/**
 * Every link key in a message: one pass over its headers, a set lookup per header, and
 * parsing only for the few headers that name other legs.
 */
export function linkKeysOf(msg: Pick<SipMessage, 'headers' | 'startLine'>, linkHeaders: ReadonlyMap<string, string>): readonly LinkKey[] {
  let out: LinkKey[] | undefined;
  const method = msg.startLine?.kind === 'request' ? msg.startLine.method : undefined;
  const keys = headerKeys(msg);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const custom = linkHeaders.get(k);
    if (custom !== undefined) {
      const v = headerValueAt(msg, i).trim();
      if (v !== '') (out ??= []).push({ mode: 'ref', value: v, reason: custom });
      continue;
    }
    if (!BUILT_IN.has(k)) continue;
    if (k === 'session-id') {
      for (const u of sessionIdUuids(headerValueAt(msg, i))) (out ??= []).push({ mode: 'shared', value: `sid:${u}`, reason: 'Session-ID' });
    } else if (k === 'p-charging-vector') {
      const icid = icidValue(headerValueAt(msg, i));
      if (icid !== undefined) (out ??= []).push({ mode: 'shared', value: `icid:${icid}`, reason: 'P-Charging-Vector icid-value' });
    } else if (k === 'replaces') {
      const cid = replacesCallId(headerValueAt(msg, i));
      if (cid !== undefined) (out ??= []).push({ mode: 'ref', value: cid, reason: 'Replaces' });
    } else if (k === 'refer-to') {
      const cid = referToReplacesCallId(headerValueAt(msg, i));
      if (cid !== undefined) (out ??= []).push({ mode: 'ref', value: cid, reason: 'Refer-To' });
    } else if (k === 'referred-by' && (method === 'REFER' || method === 'INVITE')) {
      const who = referredByKey(headerValueAt(msg, i));
      if (who !== undefined) {
        (out ??= []).push({ mode: method === 'REFER' ? 'refer-source' : 'refer-target', value: `rb:${who}`, reason: 'Referred-By' });
      }
    }
  }
  return out ?? NO_KEYS;
}

/**
 * RFC 7989 §4/§5: `Session-ID: <local-uuid>;remote=<remote-uuid>`; each UUID names one end of
 * the session end to end, unchanged by B2BUAs (§6), so two legs share their UUIDs (in either
 * order, local/remote swapped by direction). The null UUID (all zeros, §7: the remote end is
 * not yet known) names nothing. Lower-cased: the UUIDs are hex, case-insensitive (§5).
 */
export function sessionIdUuids(value: string): string[] {
  const out: string[] = [];
  const semi = value.indexOf(';');
  const local = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
  if (isUuid(local)) out.push(local);
  if (semi >= 0) {
    const issues: ParseIssue[] = [];
    const remote = paramValue(parseGenericParams(value, semi, issues).params, 'remote')?.toLowerCase();
    if (remote !== undefined && isUuid(remote) && remote !== local) out.push(remote);
  }
  return out;
}

function isUuid(s: string): boolean {
  if (s.length !== 32 || s === NULL_UUID) return false;
  for (let i = 0; i < 32; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

/**
 * RFC 7315 §4.6: `P-Charging-Vector: icid-value=<token or quoted>;icid-generated-at=…;orig-ioi=…`.
 * The IMS charging identifier is kept along the whole session, across every leg.
 */
export function icidValue(value: string): string | undefined {
  const issues: ParseIssue[] = [];
  const v = paramValue(parseGenericParams(`;${value}`, 0, issues).params, 'icid-value');
  return v === undefined || v === '' ? undefined : v;
}

/** RFC 3891 §6.1: `Replaces: callid *(SEMI replaces-param)`; the Call-ID of the dialog to replace. */
export function replacesCallId(value: string): string | undefined {
  const semi = value.indexOf(';');
  const cid = (semi < 0 ? value : value.slice(0, semi)).trim();
  return cid === '' ? undefined : cid;
}

/**
 * RFC 3891 §5 / RFC 3515 §2.1: a Refer-To URI may embed the Replaces header of the INVITE it
 * asks for (`<sip:b@h?Replaces=cid%40h%3Bto-tag%3D…>`, escaped per RFC 3261 §19.1.1): that
 * names the call being transferred.
 */
export function referToReplacesCallId(value: string): string | undefined {
  if (value.indexOf('?') < 0) return undefined;
  const uri = parseNameAddr(value).uri;
  if (uri === undefined || uri.kind !== 'sip') return undefined;
  for (const h of uri.headers) {
    if (h.name.toLowerCase() === 'replaces') return replacesCallId(percentDecode(h.value).text);
  }
  return undefined;
}

/** RFC 3892 §3: `Referred-By: <uri>;…`: the referrer, as written (URI only). */
export function referredByKey(value: string): string | undefined {
  const na = parseNameAddr(value);
  return na.uriText === '' ? undefined : na.uriText;
}
