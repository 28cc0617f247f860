import type { Rule } from '../rule.js';
import { lineSpan } from './header-span.js';
import { isTruncated } from './message-views.js';

/**
 * MSG-CRLF: every line of the start line and header section ends in CRLF, and an empty line
 * (CRLF) ends the header section even when there is no body (RFC 3261 §7, §7.5). Bare LF is
 * tolerated by most stacks, so it is a warning; a strict peer will reject the message.
 * A message the capture cut short (TCP gap, end of capture) lacks its empty line through no
 * fault of the sender, so it is not reported.
 */
export const msgCrlf: Rule = {
  id: 'MSG-CRLF',
  title: 'Lines end in CRLF and an empty line ends the headers',
  severity: 'warning',
  rfc: [{ rfc: 3261, section: '7' }],
  scope: 'message',
  triggers: 'A line of the start line or header section ends in a bare LF, or the header section is not ended by an empty line.',
  example: 'OPTIONS sip:bob@example.com SIP/2.0\\n (LF without CR)',
  checkMessage(msg, report) {
    for (const i of msg.issues) {
      if (i.code === 'bare-lf') {
        report({ summary: `line ends in a bare LF at byte ${i.offset}, not CRLF`, span: lineSpan(msg, i.offset) });
      } else if (i.code === 'no-blank-line' && !isTruncated(msg)) {
        report({ summary: 'the header section is not ended by an empty line (CRLF CRLF)', span: lineSpan(msg, i.offset) });
      }
    }
  },
};
