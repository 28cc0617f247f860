import type { ParseIssue } from '../model/sip-message.js';
import { parseSipUri, type SipUri } from './parse-sip-uri.js';
import { parseTelUri, type TelUri } from './parse-tel-uri.js';

/** Any other scheme (`urn:`, `http:`, `soap.beep:`...), kept as an absolute URI (RFC 3986 §4.3). */
export interface AbsoluteUri {
  readonly kind: 'absolute';
  /** Lower case. */
  readonly scheme: string;
  /** Everything after `scheme:`. */
  readonly rest: string;
  readonly text: string;
}

export type Uri = SipUri | TelUri | AbsoluteUri;

export interface UriResult {
  /** undefined when not even a scheme could be found. */
  readonly uri: Uri | undefined;
  /** Offsets relative to the text given (plus `base`). */
  readonly issues: ParseIssue[];
}

/**
 * Parses a URI as it appears in a Request-URI or inside `<...>`: `sip:`/`sips:` (RFC 3261
 * §19.1), `tel:` (RFC 3966), or any other `scheme ":" ...` kept whole. Tolerant: returns what
 * it could read with issues. `base` is added to issue offsets, so a caller holding a header
 * value can pass the URI's offset within it.
 */
export function parseUri(text: string, base = 0): UriResult {
  const issues: ParseIssue[] = [];
  const ws = text.search(/[\s]/);
  if (ws >= 0) {
    issues.push({ code: 'uri-whitespace', offset: base + ws, message: 'a URI cannot contain whitespace (RFC 3261 §25.1)' });
  }
  // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )  (RFC 3986 §3.1)
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(text);
  if (m === null) {
    issues.push({ code: 'bad-uri', offset: base, message: `'${text}' has no URI scheme` });
    return { uri: undefined, issues };
  }
  const scheme = m[0].slice(0, -1).toLowerCase();
  const start = m[0].length;
  if (scheme === 'sip' || scheme === 'sips') return { uri: parseSipUri(text, scheme, start, base, issues), issues };
  if (scheme === 'tel') return { uri: parseTelUri(text, start, base, issues), issues };
  return { uri: { kind: 'absolute', scheme, rest: text.slice(start), text }, issues };
}
