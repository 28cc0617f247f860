import type { Rule } from '../rule.js';
import { hasCoreHeaders, missingCoreHeaders } from './message-views.js';


/**
 * HDR-MANDATORY-RESP: a response copies From, Call-ID, CSeq and the Via values of its request
 * and carries To (RFC 3261 §8.2.6.2); without them the client cannot match it to its
 * transaction (§17.1.3) and must discard it.
 */
export const hdrMandatoryResp: Rule = {
  id: 'HDR-MANDATORY-RESP',
  title: 'Response has To, From, CSeq, Call-ID and Via',
  severity: 'error',
  rfc: [{ rfc: 3261, section: '8.2.6.2' }],
  scope: 'message',
  triggers: 'A response lacks one of the header fields To, From, CSeq, Call-ID or Via.',
  example: 'SIP/2.0 200 OK with no Via header',
  checkMessage(msg, report) {
    if (msg.startLine?.kind !== 'response' || hasCoreHeaders(msg)) return;
    const missing = missingCoreHeaders(msg);
    if (missing.length > 0) {
      report({ summary: `${msg.startLine.status} response lacks ${missing.join(', ')}` });
    }
  },
};
