import type { Rule } from '../rule.js';
import { lineSpan } from './header-span.js';

/**
 * HDR-NO-COLON: each header line is `field-name HCOLON field-value`, the name a token; a
 * continuation line (leading whitespace) only continues a header (RFC 3261 §7.3.1, §25.1).
 * A line that fails this cannot be interpreted: the header it was meant to be is lost.
 */
export const hdrNoColon: Rule = {
  id: 'HDR-NO-COLON',
  title: 'Every header line is name: value',
  severity: 'error',
  rfc: [
    { rfc: 3261, section: '7.3.1' },
    { rfc: 3261, section: '25.1' },
  ],
  scope: 'message',
  triggers: 'A header line has no colon, its name is not a token, or a continuation line has no header to continue.',
  example: 'Via SIP/2.0/UDP host.example.com (no colon)',
  checkMessage(msg, report) {
    for (const i of msg.issues) {
      if (i.code === 'header-no-colon' || i.code === 'bad-header-name' || i.code === 'bad-continuation') {
        const span = lineSpan(msg, i.offset);
        const line = msg.raw.toString('latin1', span.start, Math.min(span.end, span.start + 40));
        report({ summary: `header line '${line}' cannot be parsed: ${i.message}`, span });
      }
    }
  },
};
