import type { Rule } from '../rule.js';
import { hasCoreHeaders, missingCoreHeaders } from './message-views.js';


/**
 * HDR-MANDATORY-REQ: a valid request contains at least To, From, CSeq, Call-ID and Via
 * (RFC 3261 §8.1.1); without them it cannot be matched to a transaction or dialog, and a UAS
 * answers 400 (RFC 4475 §3.3.1). Max-Forwards is also listed by §8.1.1 but RFC 2543 did not
 * have it and RFC 4475 §3.4.1 requires such requests to be accepted, so its absence is the
 * separate, milder MAXFWD-MISSING.
 */
export const hdrMandatoryReq: Rule = {
  id: 'HDR-MANDATORY-REQ',
  title: 'Request has To, From, CSeq, Call-ID and Via',
  severity: 'error',
  rfc: [{ rfc: 3261, section: '8.1.1' }],
  scope: 'message',
  triggers: 'A request lacks one of the header fields To, From, CSeq, Call-ID or Via.',
  example: 'INVITE sip:user@example.com SIP/2.0 with no To, From or Call-ID header',
  checkMessage(msg, report) {
    if (msg.startLine?.kind !== 'request' || hasCoreHeaders(msg)) return;
    const missing = missingCoreHeaders(msg);
    if (missing.length > 0) {
      report({ summary: `${msg.startLine.method} request lacks ${missing.join(', ')}` });
    }
  },
};
