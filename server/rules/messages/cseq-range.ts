import type { Rule } from '../rule.js';
import { findHeader } from '../../sip/header-access.js';
import { headerSpan, lineSpan } from './header-span.js';

/** RFC 3261 §8.1.1.5: a request's sequence number MUST be less than 2^31. */
const REQUEST_SEQ_LIMIT = 0x80000000;

/**
 * CSEQ-RANGE: CSeq is `1*DIGIT LWS Method` (RFC 3261 §20.16); the number fits 32 bits, and a
 * UAC keeps it below 2^31 so it can grow within a dialog (§8.1.1.5). A CSeq that cannot be
 * read (RFC 4475 §3.1.2.4, §3.1.2.5: 2^32 and above) leaves the message unmatchable.
 */
export const cseqRange: Rule = {
  id: 'CSEQ-RANGE',
  title: 'CSeq is a number below 2^31 and a method',
  severity: 'error',
  rfc: [
    { rfc: 3261, section: '8.1.1.5' },
    { rfc: 3261, section: '20.16' },
  ],
  scope: 'message',
  triggers: 'The CSeq sequence number is not an integer below 2^31, or the CSeq value is not a number followed by a method.',
  example: 'CSeq: 36893488147419103232 OPTIONS',
  checkMessage(msg, report) {
    for (const i of msg.issues) {
      if (i.code === 'bad-cseq') report({ summary: `CSeq is invalid: ${i.message}`, span: lineSpan(msg, i.offset) });
    }
    if (msg.cseq !== undefined && msg.cseq.seq >= REQUEST_SEQ_LIMIT) {
      report({
        summary: `CSeq number ${msg.cseq.seq} is not below 2^31`,
        span: headerSpan(msg, findHeader(msg, 'cseq')),
      });
    }
  },
};
