import type { Rule } from '../rule.js';
import { getBody } from '../../sip/get-body.js';
import { firstHeader } from './message-views.js';

/**
 * CT-MISSING: a non-empty body MUST be described by Content-Type (RFC 3261 §7.4.1, §20.15);
 * without it the receiver cannot tell SDP from anything else and rejects it with 415 or
 * misreads it.
 */
export const ctMissing: Rule = {
  id: 'CT-MISSING',
  title: 'Non-empty body has a Content-Type',
  severity: 'error',
  rfc: [
    { rfc: 3261, section: '7.4.1' },
    { rfc: 3261, section: '20.15' },
  ],
  scope: 'message',
  triggers: 'The message carries a body of one or more octets but no Content-Type header.',
  example: 'INVITE with Content-Length: 150 and an SDP body but no Content-Type',
  checkMessage(msg, report) {
    if (msg.bodyOffset >= msg.raw.length || msg.contentLength === 0 || firstHeader(msg, 'content-type') >= 0) return;
    const n = getBody(msg).length;
    if (n > 0) {
      report({ summary: `${n}-octet body has no Content-Type`, span: { start: msg.bodyOffset, end: msg.bodyOffset + n } });
    }
  },
};
