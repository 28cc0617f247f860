import type { Rule } from '../rule.js';
import { findHeader } from '../../sip/header-access.js';
import { headerSpan } from './header-span.js';

/**
 * CSEQ-METHOD: the method in a request's CSeq is the request's own method (RFC 3261
 * §8.1.1.5; method names are case-sensitive, §7.1). A mismatch makes transaction matching
 * ambiguous and a UAS answers 400 (RFC 4475 §3.1.2.17, §3.1.2.18).
 */
export const cseqMethod: Rule = {
  id: 'CSEQ-METHOD',
  title: 'CSeq method matches the request method',
  severity: 'error',
  rfc: [{ rfc: 3261, section: '8.1.1.5' }],
  scope: 'message',
  triggers: "A request whose CSeq method differs from the Request-Line's method.",
  example: 'OPTIONS sip:user@example.com SIP/2.0 ... CSeq: 1 INVITE',
  checkMessage(msg, report) {
    const sl = msg.startLine;
    if (sl?.kind !== 'request' || msg.cseq === undefined || msg.cseq.method === sl.method) return;
    report({
      summary: `CSeq method ${msg.cseq.method} differs from request method ${sl.method}`,
      span: headerSpan(msg, findHeader(msg, 'cseq')),
    });
  },
};
