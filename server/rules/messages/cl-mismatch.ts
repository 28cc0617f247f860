import type { Rule } from '../rule.js';
import { findHeader } from '../../sip/header-access.js';
import { headerSpan, lineSpan } from './header-span.js';
import { isTruncated } from './message-views.js';

/**
 * CL-MISMATCH: Content-Length is the body size in octets, a non-negative decimal, given once
 * (RFC 3261 §20.14). Over UDP a datagram holding fewer body octets than it claims is
 * discarded or answered 400 (§18.3; RFC 4475 §3.1.2.2, negative §3.1.2.3, conflicting
 * §3.3.9). Extra octets after the body in a datagram are ignored by §18.3, not an error.
 * A message the capture cut short (TCP gap, end of capture) is not the sender's fault.
 */
export const clMismatch: Rule = {
  id: 'CL-MISMATCH',
  title: 'Content-Length is valid and matches the body',
  severity: 'error',
  rfc: [
    { rfc: 3261, section: '18.3' },
    { rfc: 3261, section: '20.14' },
  ],
  scope: 'message',
  triggers: 'Content-Length exceeds the body octets present, is not a non-negative integer, or several Content-Length values disagree.',
  example: 'Content-Length: 9999 on a UDP INVITE carrying a 150-octet SDP',
  checkMessage(msg, report) {
    let short = false;
    for (const i of msg.issues) {
      switch (i.code) {
        case 'bad-content-length':
          report({ summary: `Content-Length is not a non-negative integer: ${i.message}`, span: lineSpan(msg, i.offset) });
          break;
        case 'conflicting-content-length':
          report({ summary: 'several Content-Length headers disagree; the body length is unknown' });
          break;
        case 'body-shorter-than-content-length':
          if (!isTruncated(msg)) {
            short = true;
            report({ summary: i.message, span: headerSpan(msg, findHeader(msg, 'content-length')) });
          }
          break;
        default:
          break;
      }
    }
    if (short || isTruncated(msg)) return;
    // The UDP framer cut a datagram to its Content-Length or saw too few octets (§18.3).
    for (const n of msg.framing) {
      if (n.code === 'udp-body-short') {
        report({ summary: n.message, span: headerSpan(msg, findHeader(msg, 'content-length')) });
      }
    }
  },
};
