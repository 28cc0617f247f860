import type { Rule } from '../rule.js';
import { findHeader, headerValueAt } from '../../sip/header-access.js';
import { headerSpan } from './header-span.js';

/** rfc1123-date restricted to GMT (RFC 3261 §25.1 SIP-date; RFC 2616 §3.3.1). */
const SIP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * DATE-SYNTAX: the Date header is an RFC 1123 date whose time zone is always GMT (RFC 3261
 * §20.17, §25.1); RFC 4475 §3.1.2.12 (`EST`) is invalid. The regex runs only on messages
 * that carry a Date header.
 */
export const dateSyntax: Rule = {
  id: 'DATE-SYNTAX',
  title: 'Date is an RFC 1123 date in GMT',
  severity: 'error',
  rfc: [
    { rfc: 3261, section: '20.17' },
    { rfc: 3261, section: '25.1' },
  ],
  scope: 'message',
  triggers: 'A Date header that is not of the form "Sat, 13 Nov 2010 23:29:00 GMT".',
  example: 'Date: Fri, 01 Jan 2010 16:00:00 EST',
  checkMessage(msg, report) {
    const i = findHeader(msg, 'date');
    if (i < 0) return;
    const v = headerValueAt(msg, i);
    if (!SIP_DATE.test(v)) report({ summary: `Date '${v}' is not an RFC 1123 date in GMT`, span: headerSpan(msg, i) });
  },
};
