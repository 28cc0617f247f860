import type { Rule } from '../rule.js';
import { lineSpan } from './header-span.js';

/**
 * HDR-DUP-SINGLE: only header fields defined as comma-separated lists may appear more than
 * once (RFC 3261 §7.3.1). From, To, Call-ID, CSeq, Max-Forwards and Content-Length are single
 * values (§20); two of them leave the message ambiguous, and a UAS answers 400 (RFC 4475
 * §3.3.8, §3.3.9).
 */
export const hdrDupSingle: Rule = {
  id: 'HDR-DUP-SINGLE',
  title: 'Single-valued header appears once',
  severity: 'error',
  rfc: [
    { rfc: 3261, section: '7.3.1' },
    { rfc: 3261, section: '20' },
  ],
  scope: 'message',
  triggers: 'From, To, Call-ID, CSeq, Max-Forwards or Content-Length appears more than once.',
  example: 'CSeq: 1 INVITE\r\nCSeq: 2 INVITE',
  checkMessage(msg, report) {
    for (const i of msg.issues) {
      if (i.code !== 'duplicate-header') continue;
      const span = lineSpan(msg, i.offset);
      const colon = msg.raw.indexOf(0x3a, span.start);
      const name = msg.raw.toString('latin1', span.start, colon > span.start && colon < span.end ? colon : span.end).trim();
      report({ summary: `single-valued header ${name} appears more than once`, span });
    }
  },
};
