import type { ParseIssue } from '../model/sip-message.js';
import { parseGenericParams, paramValue, type HeaderParam } from './parse-generic-params.js';
import { parseQuotedString } from './parse-quoted-string.js';
import { parseUri, type Uri } from './parse-uri.js';
import { TOKEN_BYTES } from './token-chars.js';

/** From, To, Contact, Route, Record-Route, Refer-To, P-Asserted-Identity... one element. */
export interface NameAddr {
  /** Unquoted and unescaped; undefined when there is none. */
  readonly displayName: string | undefined;
  /** undefined when the URI text could not be read at all (see issues). */
  readonly uri: Uri | undefined;
  /** The URI as written (without `<>`). */
  readonly uriText: string;
  /** True for the name-addr form (`<...>`), false for a bare addr-spec. */
  readonly bracketed: boolean;
  /** Header parameters (after the URI), e.g. tag, expires, q, lr is a URI param instead. */
  readonly params: readonly HeaderParam[];
  /** The `tag` header parameter (RFC 3261 §19.3), when present. */
  readonly tag: string | undefined;
  /** Offsets relative to the value given. */
  readonly issues: readonly ParseIssue[];
}

/**
 * Parses `( name-addr / addr-spec ) *( SEMI param )` (RFC 3261 §20.10, §20.20, §25.1):
 *
 *   name-addr    = [ display-name ] LAQUOT addr-spec RAQUOT
 *   display-name = *(token LWS) / quoted-string
 *
 * For a bare addr-spec, parameters after the URI belong to the header, not the URI (§20.10:
 * a URI with `;`, `,` or `?` must be bracketed). Tolerant of what RFC 4475 calls acceptable
 * (§3.1.1.6 no space before `<`) and records what it rejects (§3.1.2.6 unbalanced quote,
 * §3.1.2.14 spaces inside `<>`, §3.1.2.15 non-token display names, §3.1.2.13 bare URI with `?`).
 */
export function parseNameAddr(value: string): NameAddr {
  const issues: ParseIssue[] = [];
  let i = skipWs(value, 0);
  let displayName: string | undefined;
  let laquot = -1;

  if (value.charCodeAt(i) === 0x22) {
    const q = parseQuotedString(value, i);
    if (q.terminated) {
      displayName = q.text;
      i = skipWs(value, q.end);
      if (value.charCodeAt(i) === 0x3c) laquot = i;
      else issues.push({ code: 'bad-name-addr', offset: i, message: 'a quoted display name must be followed by <URI>' });
    } else {
      issues.push({ code: 'unterminated-quote', offset: i, message: `the display name quote at ${i} is never closed` });
      // Liberal recovery: the name runs to the first '<' after the quote (RFC 4475 §3.1.2.6).
      const lt = value.indexOf('<', i + 1);
      displayName = (lt < 0 ? value.slice(i + 1) : value.slice(i + 1, lt)).trim();
      laquot = lt;
      if (lt < 0) return result(displayName, undefined, '', false, [], issues);
    }
  } else {
    laquot = findLaquot(value, i);
    if (laquot >= 0) {
      const dn = value.slice(i, laquot).trim();
      if (dn !== '') {
        displayName = dn;
        if (!isTokenSequence(dn)) {
          issues.push({
            code: 'bad-display-name',
            offset: i,
            message: 'an unquoted display name must be tokens separated by whitespace (RFC 3261 §25.1)',
          });
        }
      }
    }
  }

  if (laquot >= 0) {
    const raquot = value.indexOf('>', laquot + 1);
    const inner = raquot < 0 ? value.slice(laquot + 1) : value.slice(laquot + 1, raquot);
    if (raquot < 0) issues.push({ code: 'unterminated-angle', offset: laquot, message: `'<' at ${laquot} has no matching '>'` });
    const lead = inner.length - inner.trimStart().length;
    const uriText = inner.trim();
    if (uriText.length !== inner.length) {
      issues.push({
        code: 'addr-spec-whitespace',
        offset: laquot + 1,
        message: 'whitespace inside <> around the URI (RFC 4475 §3.1.2.14)',
      });
    }
    const ur = parseUri(uriText, laquot + 1 + lead);
    for (const u of ur.issues) issues.push(u);
    const after = raquot < 0 ? value.length : raquot + 1;
    const pr = parseGenericParams(value, after, issues);
    trailing(value, pr.end, issues);
    return result(displayName, ur.uri, uriText, true, pr.params, issues);
  }

  // addr-spec: the URI ends at the first ';' (RFC 3261 §20.10) or whitespace.
  let e = i;
  while (e < value.length && value.charCodeAt(e) !== 0x3b && !isWsChar(value.charCodeAt(e))) e++;
  const uriText = value.slice(i, e);
  if (/[?,]/.test(uriText)) {
    issues.push({
      code: 'addr-spec-needs-brackets',
      offset: i,
      message: "a URI containing ',' or '?' must be enclosed in <> (RFC 3261 §20.10)",
    });
  }
  const ur = parseUri(uriText, i);
  for (const u of ur.issues) issues.push(u);
  const pr = parseGenericParams(value, e, issues);
  trailing(value, pr.end, issues);
  return result(undefined, ur.uri, uriText, false, pr.params, issues);
}

function result(
  displayName: string | undefined,
  uri: Uri | undefined,
  uriText: string,
  bracketed: boolean,
  params: HeaderParam[],
  issues: ParseIssue[],
): NameAddr {
  return { displayName, uri, uriText, bracketed, params, tag: paramValue(params, 'tag'), issues };
}

/** The first '<' outside a quoted string, or -1. */
function findLaquot(s: string, from: number): number {
  let inQuote = false;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (inQuote) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inQuote = false;
    } else if (c === 0x22) inQuote = true;
    else if (c === 0x3c) return i;
  }
  return -1;
}

function trailing(value: string, end: number, issues: ParseIssue[]): void {
  if (end < value.length) {
    issues.push({ code: 'bad-param', offset: end, message: `unexpected '${value[end]}' at ${end} where a ';' parameter was expected` });
  }
}

function isTokenSequence(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isWsChar(c)) continue;
    // UTF-8 display names are common in the wild; only ASCII non-token chars are flagged.
    if (c < 0x80 && TOKEN_BYTES[c] === 0) return false;
  }
  return true;
}

function isWsChar(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

function skipWs(s: string, i: number): number {
  let j = i;
  while (j < s.length && isWsChar(s.charCodeAt(j))) j++;
  return j;
}
