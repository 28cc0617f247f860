import type { Rule } from '../rule.js';
import { headerSpan } from './header-span.js';
import { nameAddrsArePlain, suspectNameAddrLines } from './message-views.js';

/** name-addr faults of parseNameAddr that are not the URI's own (URI-SYNTAX) nor brackets (NAMEADDR-ANGLE). */
const CODES: ReadonlySet<string> = new Set([
  'bad-name-addr',
  'unterminated-quote',
  'bad-display-name',
  'unterminated-angle',
  'empty-param',
  'empty-param-value',
  'bad-param',
]);

const HEADERS: readonly (readonly [key: string, name: string])[] = [
  ['from', 'From'],
  ['to', 'To'],
  ['contact', 'Contact'],
];

/**
 * NAMEADDR-SYNTAX: From, To and Contact are `[display-name] <addr-spec>` or an addr-spec, then
 * `;param`s (RFC 3261 §20.10, §20.20, §20.39, §25.1). A display name is tokens or one closed
 * quoted string; a `<` is closed; no parameter is empty. Unbalanced quotes (RFC 4475
 * §3.1.2.6), unquoted non-token names (§3.1.2.15) and empty parameters (§3.1.2.1) make the
 * header unreadable: a UAS answers 400.
 */
export const nameaddrSyntax: Rule = {
  id: 'NAMEADDR-SYNTAX',
  title: 'From, To and Contact are well-formed name-addrs',
  severity: 'error',
  rfc: [
    { rfc: 3261, section: '20.10' },
    { rfc: 3261, section: '25.1' },
  ],
  scope: 'message',
  triggers: 'A From, To or Contact has an unterminated quote or angle bracket, an unquoted display name with non-token characters, or an empty parameter.',
  example: 'To: "Mr. J. User <sip:j.user@example.com>',
  checkMessage(msg, report) {
    if (nameAddrsArePlain(msg)) return;
    for (const [key, name] of HEADERS) {
      for (const line of suspectNameAddrLines(msg, key)) {
        for (const na of line.items) {
          const f = na.issues.find((i) => CODES.has(i.code));
          if (f !== undefined) report({ summary: `malformed ${name}: ${f.message}`, span: headerSpan(msg, line.index) });
        }
      }
    }
  },
};
