import type { Rule } from '../rule.js';
import { lineSpan } from './header-span.js';

/**
 * MSG-VERSION: every request and response of this protocol carries SIP-Version `SIP/2.0`
 * (RFC 3261 §7.1; case-insensitive). A UAS answers any other version with 505 Version Not
 * Supported (§21.5.6); RFC 4475 §3.1.2.16 sends SIP/7.0.
 */
export const msgVersion: Rule = {
  id: 'MSG-VERSION',
  title: 'SIP-Version is SIP/2.0',
  severity: 'error',
  rfc: [
    { rfc: 3261, section: '7.1' },
    { rfc: 3261, section: '21.5.6' },
  ],
  scope: 'message',
  triggers: 'The start line carries a SIP-Version other than SIP/2.0.',
  example: 'OPTIONS sip:t.watson@example.org SIP/7.0',
  checkMessage(msg, report) {
    const sl = msg.startLine;
    if (sl === null) return;
    for (const i of msg.issues) {
      if (i.code === 'unsupported-version') {
        report({ summary: `SIP-Version ${sl.version} is not SIP/2.0`, span: lineSpan(msg, i.offset) });
      }
    }
  },
};
