import type { Rule } from '../rule.js';
import { headerSpan } from './header-span.js';
import { nameAddrsArePlain, suspectNameAddrLines } from './message-views.js';

const HEADERS: readonly (readonly [key: string, name: string])[] = [
  ['from', 'From'],
  ['to', 'To'],
  ['contact', 'Contact'],
];

/**
 * NAMEADDR-ANGLE: a URI that contains a comma, semicolon or question mark MUST be written in
 * the name-addr form `<...>` (RFC 3261 §20, §20.10), because outside brackets those characters
 * belong to the header (parameters, list separator): the URI's meaning changes. RFC 4475
 * §3.1.2.13 (a bare Contact URI with `?` headers) must be answered 400.
 */
export const nameaddrAngle: Rule = {
  id: 'NAMEADDR-ANGLE',
  title: 'URI with ; , or ? is enclosed in <>',
  severity: 'error',
  rfc: [
    { rfc: 3261, section: '20' },
    { rfc: 3261, section: '20.10' },
  ],
  scope: 'message',
  triggers: 'A From, To or Contact URI holding a comma, semicolon or question mark is written without angle brackets.',
  example: 'Contact: sip:user@example.com?Route=%3Csip:sip.example.com%3E',
  checkMessage(msg, report) {
    if (nameAddrsArePlain(msg)) return;
    for (const [key, name] of HEADERS) {
      for (const line of suspectNameAddrLines(msg, key)) {
        for (const na of line.items) {
          if (na.issues.some((i) => i.code === 'addr-spec-needs-brackets')) {
            report({ summary: `${name} URI '${na.uriText}' holds ; , or ? but is not enclosed in <>`, span: headerSpan(msg, line.index) });
          }
        }
      }
    }
  },
};
