import type { ParseIssue } from '../model/sip-message.js';
import { parseGenericParams, type HeaderParam } from './parse-generic-params.js';
import { isIpv6, type HostType } from './parse-sip-uri.js';
import { splitHeaderValues } from './split-header-values.js';

/** One via-parm (RFC 3261 §20.42, §25.1). */
export interface Via {
  /** `SIP` normally. */
  readonly protocol: string;
  /** `2.0` normally. */
  readonly version: string;
  /** Upper case: UDP, TCP, TLS, SCTP, WS, WSS (RFC 7118), or an extension. */
  readonly transport: string;
  /** sent-by host; an IPv6 reference without brackets (RFC 5118 §4.5). */
  readonly host: string;
  readonly hostType: HostType;
  readonly port: number | undefined;
  readonly params: readonly HeaderParam[];
  /** RFC 3261 §8.1.1.7; starts with the magic cookie `z9hG4bK` when RFC 3261 compliant. */
  readonly branch: string | undefined;
  /** RFC 3261 §18.2.1: the source address the next hop saw. */
  readonly received: string | undefined;
  /** RFC 3581: `true` when present without a value (a request asking for it), else the port. */
  readonly rport: number | true | undefined;
  readonly maddr: string | undefined;
  readonly ttl: number | undefined;
  /** The via-parm text. */
  readonly text: string;
  /** Offset of `text` within the header value. */
  readonly offset: number;
  /** Offsets relative to the header value. */
  readonly issues: readonly ParseIssue[];
}

export interface ViaHeader {
  /** In order of appearance. */
  readonly vias: Via[];
  /** All issues of the header value (empty elements and each Via's). */
  readonly issues: ParseIssue[];
}

/** Parses one Via header value, which may hold several comma-separated via-parms. */
export function parseVia(value: string): ViaHeader {
  const vias: Via[] = [];
  const issues: ParseIssue[] = [];
  for (const item of splitHeaderValues(value)) {
    if (item.text === '') {
      issues.push({ code: 'empty-list-item', offset: item.offset, message: 'empty element in the Via list (RFC 4475 §3.1.2.1)' });
      continue;
    }
    const v = parseViaParm(item.text, item.offset);
    vias.push(v);
    for (const i of v.issues) issues.push(i);
  }
  return { vias, issues };
}

/**
 *   via-parm      = sent-protocol LWS sent-by *( SEMI via-params )
 *   sent-protocol = protocol-name SLASH protocol-version SLASH transport
 *   sent-by       = host [ COLON port ]
 *
 * SLASH and COLON allow whitespace around them (RFC 4475 §3.1.1.1 `SIP  /   2.0 /UDP`).
 */
export function parseViaParm(text: string, offset = 0): Via {
  const issues: ParseIssue[] = [];
  const bad = (code: string, at: number, message: string): void => {
    issues.push({ code, offset: offset + at, message });
  };
  // Token classes exclude '/' and whitespace, so the match is linear in the text length.
  const m = /^\s*([A-Za-z0-9!%*_+`'~.-]+)\s*\/\s*([A-Za-z0-9!%*_+`'~.-]+)\s*\/\s*([A-Za-z0-9!%*_+`'~.-]+)/.exec(text);
  let protocol = '';
  let version = '';
  let transport = '';
  let i = 0;
  if (m === null) {
    bad('bad-via', 0, 'Via does not start with a sent-protocol such as SIP/2.0/UDP');
    // Nothing reliable to read; keep what params there are.
  } else {
    protocol = m[1].toUpperCase();
    version = m[2];
    transport = m[3].toUpperCase();
    i = m[0].length;
    if (protocol !== 'SIP' || version !== '2.0') {
      bad('via-version', 0, `sent-protocol ${m[1]}/${m[2]} is not SIP/2.0`);
    }
  }

  let host = '';
  let hostType: HostType = 'domain';
  let port: number | undefined;
  if (m !== null) {
    const hs = skipWs(text, i);
    if (hs === i && hs < text.length) bad('bad-via', hs, 'sent-protocol and sent-by must be separated by whitespace');
    i = hs;
    if (text.charCodeAt(i) === 0x5b) {
      const close = text.indexOf(']', i);
      const end = close < 0 ? text.length : close;
      host = text.slice(i + 1, end);
      hostType = 'ipv6';
      if (close < 0 || !isIpv6(host)) bad('bad-via-host', i, `'${host}' is not an IPv6 reference`);
      i = close < 0 ? text.length : close + 1;
    } else {
      const s = i;
      while (i < text.length && !isSentByEnd(text.charCodeAt(i))) i++;
      host = text.slice(s, i);
      hostType = /^[0-9]{1,3}(?:\.[0-9]{1,3}){3}$/.test(host) ? 'ipv4' : 'domain';
      if (host === '') bad('bad-via-host', s, 'Via has no sent-by host');
      else if (hostType === 'domain' && !/^[A-Za-z0-9.-]+$/.test(host)) bad('bad-via-host', s, `'${host}' is not a host`);
    }
    const c = skipWs(text, i);
    if (c < text.length && text.charCodeAt(c) === 0x3a) {
      const ps = skipWs(text, c + 1);
      let pe = ps;
      while (pe < text.length && text.charCodeAt(pe) >= 0x30 && text.charCodeAt(pe) <= 0x39) pe++;
      const n = pe > ps && pe - ps <= 5 ? Number(text.slice(ps, pe)) : NaN;
      if (Number.isNaN(n) || n > 65535) bad('bad-via-port', ps, 'sent-by port is not 0-65535');
      else port = n;
      i = pe;
    }
  }

  const paramIssues: ParseIssue[] = [];
  const pr = parseGenericParams(text, i, paramIssues);
  for (const p of paramIssues) issues.push({ ...p, offset: offset + p.offset });
  if (m !== null && pr.end < text.length) bad('bad-via', pr.end, `unexpected '${text[pr.end]}' in Via at ${pr.end}`);

  let branch: string | undefined;
  let received: string | undefined;
  let rport: number | true | undefined;
  let maddr: string | undefined;
  let ttl: number | undefined;
  for (const p of pr.params) {
    switch (p.name) {
      case 'branch':
        branch ??= p.value;
        break;
      case 'received':
        // RFC 5118 §4.5: some stacks bracket an IPv6 received; store it plain.
        received ??= p.value?.replace(/^\[(.*)\]$/, '$1');
        break;
      case 'rport':
        if (rport === undefined) {
          if (p.value === undefined || p.value === '') rport = true;
          else if (/^[0-9]{1,5}$/.test(p.value) && Number(p.value) <= 65535) rport = Number(p.value);
          else bad('bad-via-param', 0, `rport value '${p.value}' is not a port (RFC 3581 §4)`);
        }
        break;
      case 'maddr':
        maddr ??= p.value;
        break;
      case 'ttl':
        if (p.value !== undefined && /^[0-9]{1,3}$/.test(p.value) && Number(p.value) <= 255) ttl ??= Number(p.value);
        else bad('bad-via-param', 0, `ttl '${p.value ?? ''}' is not 0-255 (RFC 3261 §20.42)`);
        break;
      default:
        break;
    }
  }
  return { protocol, version, transport, host, hostType, port, params: pr.params, branch, received, rport, maddr, ttl, text, offset, issues };
}

function isSentByEnd(c: number): boolean {
  return c === 0x3a || c === 0x3b || c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

function skipWs(s: string, i: number): number {
  let j = i;
  while (j < s.length && (s.charCodeAt(j) === 0x20 || s.charCodeAt(j) === 0x09 || s.charCodeAt(j) === 0x0d || s.charCodeAt(j) === 0x0a)) j++;
  return j;
}
