import type { Rule } from '../rule.js';
import { parseUri } from '../../sip/parse-uri.js';
import { headerSpan, lineSpan } from './header-span.js';
import { isPlainUri } from './plain-values.js';
import { isPlainUriBytes, isPlainUriText } from './plain-value-bytes.js';
import { nameAddrsArePlain, suspectNameAddrLines } from './message-views.js';

/** URI fault codes of parseUri (sip/sips RFC 3261 §19.1, tel RFC 3966), as found inside name-addrs too. */
const URI_CODES: ReadonlySet<string> = new Set([
  'bad-uri',
  'uri-whitespace',
  'addr-spec-whitespace',
  'bad-uri-user',
  'bad-escape',
  'bad-uri-host',
  'bad-uri-port',
  'empty-uri-param',
  'bad-tel-number',
  'tel-missing-phone-context',
]);

const NAME_ADDR_HEADERS: readonly (readonly [key: string, name: string])[] = [
  ['from', 'From'],
  ['to', 'To'],
  ['contact', 'Contact'],
];

/**
 * URI-SYNTAX: the Request-URI and the From, To and Contact URIs follow the URI grammar
 * (RFC 3261 §19.1, §25.1; tel: RFC 3966): no whitespace, no `<>` around the Request-URI
 * (RFC 4475 §3.1.2.7, §3.1.2.8), a valid host and port. The Request-URI may not carry URI
 * headers (`?Route=...`, §19.1.1 table, RFC 4475 §3.1.2.11). An unknown but well-formed
 * scheme is not a syntax fault (a UAS answers 416, §8.2.2.1; RFC 4475 §3.3.2).
 */
export const uriSyntax: Rule = {
  id: 'URI-SYNTAX',
  title: 'Request-URI, From, To and Contact URIs are well formed',
  severity: 'error',
  rfc: [
    { rfc: 3261, section: '19.1' },
    { rfc: 3261, section: '19.1.1' },
    { rfc: 3261, section: '25.1' },
  ],
  scope: 'message',
  triggers:
    'A Request-URI, From, To or Contact URI is malformed (whitespace, angle brackets in the Request-URI, bad host, port or escape), or the Request-URI carries URI headers.',
  example: 'INVITE <sip:user@example.com> SIP/2.0',
  checkMessage(msg, report) {
    const sl = msg.startLine;
    if (sl?.kind === 'request' && !isPlainRequestUri(msg.raw, sl.uri) && !isPlainUri(sl.uri)) {
      const line = lineSpan(msg, 0);
      let reported = false;
      for (const i of msg.issues) {
        if (i.code === 'bad-request-uri') {
          report({ summary: `Request-URI '${sl.uri}' is malformed: ${i.message}`, span: line });
          reported = true;
        }
      }
      if (!reported) {
        const r = parseUri(sl.uri);
        const faults = r.issues.filter((i) => URI_CODES.has(i.code));
        if (faults.length > 0) {
          report({ summary: `Request-URI '${sl.uri}' is malformed: ${faults[0].message}`, span: line });
        } else if (r.uri?.kind === 'sip' && r.uri.headers.length > 0) {
          report({ summary: `Request-URI '${sl.uri}' carries URI headers (${r.uri.headers.map((h) => h.name).join(', ')})`, span: line });
        }
      }
    }
    if (nameAddrsArePlain(msg)) return;
    for (const [key, name] of NAME_ADDR_HEADERS) {
      for (const line of suspectNameAddrLines(msg, key)) {
        for (const na of line.items) {
          const f = na.issues.find((i) => URI_CODES.has(i.code));
          if (f !== undefined) report({ summary: `${name} URI '${na.uriText}' is malformed: ${f.message}`, span: headerSpan(msg, line.index) });
        }
      }
    }
  },
};

/**
 * isPlainUri(uri) for the Request-URI, read from the message bytes when they are where the
 * parser took it from: `Method SP uri SP` at the very start (RFC 3261 §7.1). Plain bytes are
 * ASCII, so `uri.length` bytes followed by SP are exactly the parser's text. Otherwise the
 * decoded text is checked.
 */
function isPlainRequestUri(raw: Buffer, uri: string): boolean {
  let sp = 0;
  while (sp < raw.length && raw[sp] !== 0x20 && raw[sp] !== 0x09 && raw[sp] !== 0x0a && raw[sp] !== 0x0d) sp++;
  const start = sp + 1;
  const end = start + uri.length;
  if (sp > 0 && raw[sp] === 0x20 && end < raw.length && raw[end] === 0x20) return isPlainUriBytes(raw, start, end);
  return isPlainUriText(uri);
}
