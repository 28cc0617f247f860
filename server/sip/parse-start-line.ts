import type { ParseIssue, RequestLine, StatusLine } from '../model/sip-message.js';
import { internMethod } from './intern-method.js';
import { TOKEN_BYTES } from './token-chars.js';
import { latin1Text, utf8Text } from './buffer-text.js';

const SP = 0x20;
const HT = 0x09;
const SIP_2_0 = 'SIP/2.0';

/**
 * Parses the start line in `raw[start, end)` (`end` excludes the CRLF), RFC 3261 §7.1/§7.2:
 *
 *   Request-Line = Method SP Request-URI SP SIP-Version
 *   Status-Line  = SIP-Version SP Status-Code SP Reason-Phrase
 *
 * Tolerant where a liberal element would be (RFC 4475 §3.1.2.9/§3.1.2.10: extra or trailing
 * whitespace is noted, the line kept); returns null with a `bad-start-line` issue when the
 * line is neither form.
 */
export function parseStartLine(
  raw: Buffer,
  start: number,
  end: number,
  issues: ParseIssue[],
): RequestLine | StatusLine | null {
  if (start >= end) return bad(issues, start, 'the start line is empty');
  if (isSipVersionPrefix(raw, start, end)) return parseStatusLine(raw, start, end, issues);
  return parseRequestLine(raw, start, end, issues);
}

function parseRequestLine(raw: Buffer, start: number, end: number, issues: ParseIssue[]): RequestLine | null {
  let methodEnd = start;
  while (methodEnd < end && raw[methodEnd] !== SP && raw[methodEnd] !== HT) methodEnd++;
  if (methodEnd === end) return bad(issues, start, 'the start line has no SP: neither a Request-Line nor a Status-Line');
  for (let i = start; i < methodEnd; i++) {
    if (TOKEN_BYTES[raw[i]] === 0) return bad(issues, i, `the method has a non-token byte at ${i} (RFC 3261 §25.1)`);
  }
  let e = end;
  while (e > methodEnd && (raw[e - 1] === SP || raw[e - 1] === HT)) e--;
  if (e < end) lws(issues, e, 'whitespace after the SIP-Version (RFC 3261 §7.1 allows none)');
  let versionStart = e;
  while (versionStart > methodEnd && raw[versionStart - 1] !== SP && raw[versionStart - 1] !== HT) versionStart--;
  const version = parseVersion(raw, versionStart, e);
  if (version === undefined || versionStart <= methodEnd + 1) {
    return bad(issues, versionStart, 'the Request-Line does not end in a SIP-Version ("SIP/2.0")');
  }
  let uriStart = methodEnd + 1;
  let uriEnd = versionStart - 1;
  if (raw[methodEnd] !== SP || raw[uriEnd] !== SP) {
    lws(issues, raw[methodEnd] !== SP ? methodEnd : uriEnd, 'the Request-Line separators must be single SPs');
  }
  let extra = -1;
  while (uriStart < uriEnd && (raw[uriStart] === SP || raw[uriStart] === HT)) extra = uriStart++;
  while (uriEnd > uriStart && (raw[uriEnd - 1] === SP || raw[uriEnd - 1] === HT)) extra = --uriEnd;
  if (extra >= 0) lws(issues, extra, 'more than one SP between Request-Line elements (RFC 3261 §7.1)');
  if (uriStart >= uriEnd) return bad(issues, methodEnd, 'the Request-Line has no Request-URI');
  checkRequestUri(raw, uriStart, uriEnd, issues);
  const method = internMethod(raw, start, methodEnd);
  const uri = utf8Text(raw, uriStart, uriEnd);
  checkVersion(version, versionStart, issues);
  return { kind: 'request', method, uri, version };
}

function parseStatusLine(raw: Buffer, start: number, end: number, issues: ParseIssue[]): StatusLine | null {
  let versionEnd = start;
  while (versionEnd < end && raw[versionEnd] !== SP && raw[versionEnd] !== HT) versionEnd++;
  const version = parseVersion(raw, start, versionEnd);
  if (version === undefined) return bad(issues, start, 'the Status-Line does not start with a valid SIP-Version');
  let i = versionEnd;
  if (i < end && raw[i] !== SP) lws(issues, i, 'the Status-Line separators must be single SPs');
  i++;
  if (i < end && (raw[i] === SP || raw[i] === HT)) {
    lws(issues, i, 'more than one SP between Status-Line elements (RFC 3261 §7.2)');
    while (i < end && (raw[i] === SP || raw[i] === HT)) i++;
  }
  const codeStart = i;
  let status = 0;
  while (i < end && raw[i] >= 0x30 && raw[i] <= 0x39 && i - codeStart < 4) status = status * 10 + raw[i++] - 0x30;
  const codeLen = i - codeStart;
  if (codeLen !== 3 || (i < end && raw[i] !== SP && raw[i] !== HT)) {
    return bad(issues, codeStart, 'the Status-Code is not exactly 3 digits (RFC 3261 §7.2)');
  }
  if (status < 100 || status > 699) {
    issues.push({
      code: 'bad-status-code',
      offset: codeStart,
      message: `status code ${status} is outside 100-699 (RFC 3261 §7.2 classes)`,
    });
  }
  if (i === end) {
    lws(issues, i > start ? i - 1 : start, 'no SP after the Status-Code (RFC 3261 §7.2 requires one)');
  } else {
    i++;
  }
  let e = end;
  while (e > i && (raw[e - 1] === SP || raw[e - 1] === HT)) e--;
  // Reason-Phrase may hold UTF-8 (RFC 3261 §25.1 UTF8-NONASCII; RFC 4475 §3.1.1.12).
  const reason = utf8Text(raw, i, e);
  checkVersion(version, start, issues);
  return { kind: 'response', status, reason, version };
}

/** "SIP/" case-insensitively (RFC 3261 §7.1: the version string is case-insensitive). */
function isSipVersionPrefix(raw: Buffer, start: number, end: number): boolean {
  return (
    end - start >= 4 &&
    (raw[start] | 0x20) === 0x73 &&
    (raw[start + 1] | 0x20) === 0x69 &&
    (raw[start + 2] | 0x20) === 0x70 &&
    raw[start + 3] === 0x2f
  );
}

/** SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT (RFC 3261 §25.1); undefined when not one. */
function parseVersion(raw: Buffer, start: number, end: number): string | undefined {
  if (!isSipVersionPrefix(raw, start, end)) return undefined;
  let i = start + 4;
  const major = i;
  while (i < end && raw[i] >= 0x30 && raw[i] <= 0x39) i++;
  if (i === major || i >= end || raw[i] !== 0x2e) return undefined;
  i++;
  const minor = i;
  while (i < end && raw[i] >= 0x30 && raw[i] <= 0x39) i++;
  if (i === minor || i !== end) return undefined;
  if (end - start === 7 && raw[start + 4] === 0x32 && raw[start + 6] === 0x30 && raw[start] === 0x53) {
    if (raw[start + 1] === 0x49 && raw[start + 2] === 0x50) return SIP_2_0;
  }
  return latin1Text(raw, start, end);
}

function checkVersion(version: string, offset: number, issues: ParseIssue[]): void {
  if (version !== SIP_2_0 && version.toUpperCase() !== SIP_2_0) {
    issues.push({
      code: 'unsupported-version',
      offset,
      message: `SIP-Version ${version} is not SIP/2.0 (RFC 3261 §8.2.2.1 expects 505)`,
    });
  }
}

/**
 * Cheap shape check of the Request-URI: `scheme ":" ...` with no whitespace (RFC 3261 §25.1
 * Request-URI = SIP-URI / SIPS-URI / absoluteURI). `<sip:...>` and inner LWS are RFC 4475
 * §3.1.2.7/§3.1.2.8 cases. The full URI grammar is checked lazily by `parseUri`.
 */
function checkRequestUri(raw: Buffer, start: number, end: number, issues: ParseIssue[]): void {
  // indexOf runs natively: far cheaper than a byte loop over the URI.
  let ws = raw.indexOf(SP, start);
  const tab = raw.indexOf(HT, start);
  if (ws < 0 || ws >= end || (tab >= 0 && tab < ws)) ws = tab;
  if (ws >= 0 && ws < end) {
    issues.push({ code: 'bad-request-uri', offset: ws, message: `whitespace inside the Request-URI at byte ${ws}` });
    return;
  }
  const c0 = raw[start] | 0x20;
  let i = start + 1;
  if (c0 >= 0x61 && c0 <= 0x7a) {
    for (; i < end; i++) {
      const c = raw[i];
      const alnum = (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
      if (!alnum && c !== 0x2b && c !== 0x2d && c !== 0x2e) break;
    }
    if (i < end && raw[i] === 0x3a) return;
  }
  issues.push({
    code: 'bad-request-uri',
    offset: start,
    message: raw[start] === 0x3c
      ? 'the Request-URI is enclosed in <> (RFC 3261 §25.1 forbids it; RFC 4475 §3.1.2.7)'
      : 'the Request-URI has no scheme',
  });
}

function bad(issues: ParseIssue[], offset: number, message: string): null {
  issues.push({ code: 'bad-start-line', offset, message });
  return null;
}

function lws(issues: ParseIssue[], offset: number, message: string): void {
  for (const i of issues) if (i.code === 'start-line-lws') return;
  issues.push({ code: 'start-line-lws', offset, message });
}
