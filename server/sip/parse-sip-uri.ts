import type { ParseIssue } from '../model/sip-message.js';
import { percentDecode } from './percent-decode.js';
import { splitUriParams, type UriParam } from './uri-param.js';

export type HostType = 'ipv4' | 'ipv6' | 'domain';

/** `?name=value` headers of a SIP URI (RFC 3261 §19.1.1), as written (escapes kept). */
export interface UriHeader {
  readonly name: string;
  readonly value: string;
}

/** A `sip:` or `sips:` URI (RFC 3261 §19.1). */
export interface SipUri {
  readonly kind: 'sip';
  readonly scheme: 'sip' | 'sips';
  /** The user part as written, escapes kept (`null-%00-null`); undefined when absent. */
  readonly user: string | undefined;
  /** The user part with %HH escapes decoded (RFC 4475 §3.1.1.3/§3.1.1.4). */
  readonly userDecoded: string | undefined;
  readonly password: string | undefined;
  /** Host as written; an IPv6 reference without its brackets (as `Endpoint.ip`). */
  readonly host: string;
  readonly hostType: HostType;
  readonly port: number | undefined;
  readonly params: readonly UriParam[];
  readonly headers: readonly UriHeader[];
  /** The whole URI text. */
  readonly text: string;
}

/**
 * Parses the part of a SIP/SIPS URI after `scheme:` (`text[start..]`):
 *
 *   [ userinfo "@" ] hostport uri-parameters [ headers ]        (RFC 3261 §25.1)
 *
 * The user part may hold `;`, `?`, `/`, `,` and escapes (RFC 4475 §3.1.1.9 `user;par=u%40...`,
 * §3.1.1.2), but never an unescaped `@`, so the first `@` ends the userinfo. Issues use
 * offsets relative to `text` plus `base`.
 */
export function parseSipUri(
  text: string,
  scheme: 'sip' | 'sips',
  start: number,
  base: number,
  issues: ParseIssue[],
): SipUri {
  const at = text.indexOf('@', start);
  let user: string | undefined;
  let userDecoded: string | undefined;
  let password: string | undefined;
  let hostStart = start;
  if (at >= 0) {
    const userinfo = text.slice(start, at);
    const colon = userinfo.indexOf(':');
    user = colon < 0 ? userinfo : userinfo.slice(0, colon);
    password = colon < 0 ? undefined : userinfo.slice(colon + 1);
    if (user === '') issue(issues, 'bad-uri-user', base + start, 'the URI has an empty user part before @');
    const d = percentDecode(user);
    userDecoded = d.text;
    for (const b of d.badAt) issue(issues, 'bad-escape', base + start + b, "'%' in the user part is not followed by two hex digits");
    hostStart = at + 1;
  }

  let i = hostStart;
  let host: string;
  let hostType: HostType;
  if (text.charCodeAt(i) === 0x5b) {
    const close = text.indexOf(']', i);
    if (close < 0) {
      issue(issues, 'bad-uri-host', base + i, 'IPv6 reference has no closing ]');
      host = text.slice(i + 1);
      i = text.length;
    } else {
      host = text.slice(i + 1, close);
      i = close + 1;
    }
    hostType = 'ipv6';
    if (!isIpv6(host)) issue(issues, 'bad-uri-host', base + hostStart, `'${host}' is not an IPv6 address (RFC 5118)`);
  } else {
    while (i < text.length && !isHostEnd(text.charCodeAt(i))) i++;
    host = text.slice(hostStart, i);
    hostType = isIpv4(host) ? 'ipv4' : 'domain';
    if (host === '') issue(issues, 'bad-uri-host', base + hostStart, 'the URI has no host');
    else if (hostType === 'domain' && !isHostname(host)) {
      issue(issues, 'bad-uri-host', base + hostStart, `'${host}' is not a valid host name (RFC 3261 §25.1)`);
    }
  }

  let port: number | undefined;
  if (i < text.length && text.charCodeAt(i) === 0x3a) {
    const ps = ++i;
    while (i < text.length && text.charCodeAt(i) !== 0x3b && text.charCodeAt(i) !== 0x3f) i++;
    const digits = text.slice(ps, i);
    const n = /^[0-9]{1,5}$/.test(digits) ? Number(digits) : NaN;
    if (Number.isNaN(n) || n > 65535) issue(issues, 'bad-uri-port', base + ps, `port '${digits}' is not 0-65535`);
    else port = n;
  } else if (i < text.length && text.charCodeAt(i) !== 0x3b && text.charCodeAt(i) !== 0x3f) {
    issue(issues, 'bad-uri-host', base + i, `unexpected '${text[i]}' after the host`);
    while (i < text.length && text.charCodeAt(i) !== 0x3b && text.charCodeAt(i) !== 0x3f) i++;
  }

  let params: UriParam[] = [];
  if (i < text.length && text.charCodeAt(i) === 0x3b) {
    const ps = i + 1;
    const q = text.indexOf('?', ps);
    i = q < 0 ? text.length : q;
    const raw = text.slice(ps, i);
    if (raw === '' || raw.startsWith(';') || raw.endsWith(';') || raw.includes(';;')) {
      issue(issues, 'empty-uri-param', base + ps - 1, 'the URI has an empty parameter');
    }
    params = splitUriParams(raw);
  }
  const headers: UriHeader[] = [];
  if (i < text.length && text.charCodeAt(i) === 0x3f) {
    for (const h of text.slice(i + 1).split('&')) {
      if (h === '') continue;
      const eq = h.indexOf('=');
      headers.push(eq < 0 ? { name: h, value: '' } : { name: h.slice(0, eq), value: h.slice(eq + 1) });
    }
  }
  return { kind: 'sip', scheme, user, userDecoded, password, host, hostType, port, params, headers, text };
}

function isHostEnd(c: number): boolean {
  return c === 0x3a || c === 0x3b || c === 0x3f;
}

function isIpv4(h: string): boolean {
  const parts = h.split('.');
  if (parts.length !== 4) return false;
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p) || Number(p) > 255) return false;
  }
  return true;
}

/** hostname = *( domainlabel "." ) toplabel [ "." ] (RFC 3261 §25.1), leniently: labels of alnum and `-`. */
function isHostname(h: string): boolean {
  return /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/.test(h);
}

/** IPv6address (RFC 3261 §25.1, RFC 4291 §2.2): hex groups, one `::` at most, an IPv4 tail allowed. */
export function isIpv6(h: string): boolean {
  if (!/^[0-9A-Fa-f:.]+$/.test(h)) return false;
  const dbl = h.split('::');
  if (dbl.length > 2) return false;
  const groups: string[] = [];
  for (const half of dbl) if (half !== '') for (const g of half.split(':')) groups.push(g);
  let count = 0;
  for (let g = 0; g < groups.length; g++) {
    const grp = groups[g];
    if (g === groups.length - 1 && grp.includes('.')) {
      if (!isIpv4(grp)) return false;
      count += 2;
    } else if (!/^[0-9A-Fa-f]{1,4}$/.test(grp)) {
      return false;
    } else {
      count++;
    }
  }
  return dbl.length === 2 ? count < 8 : count === 8;
}

function issue(issues: ParseIssue[], code: string, offset: number, message: string): void {
  issues.push({ code, offset, message });
}
