import type { Rule } from '../rule.js';
import { firstHeader } from './message-views.js';

/**
 * MAXFWD-MISSING: an RFC 3261 UAC puts Max-Forwards (70) in every request (§8.1.1.6), which
 * is what stops a request looping between proxies forever. RFC 2543 had no such header and
 * RFC 4475 §3.4.1 requires an element to accept such a request, so this is a warning.
 */
export const maxfwdMissing: Rule = {
  id: 'MAXFWD-MISSING',
  title: 'Request has Max-Forwards',
  severity: 'warning',
  rfc: [{ rfc: 3261, section: '8.1.1.6' }],
  scope: 'message',
  triggers: 'A request has no Max-Forwards header field.',
  example: 'INVITE sip:UserB@example.com SIP/2.0 (RFC 2543 style, no Max-Forwards)',
  checkMessage(msg, report) {
    if (msg.startLine?.kind !== 'request') return;
    if (firstHeader(msg, 'max-forwards') < 0) report({ summary: `${msg.startLine.method} request has no Max-Forwards` });
  },
};
