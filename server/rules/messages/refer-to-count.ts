import type { Rule } from '../rule.js';
import { findHeader, headerValueAt } from '../../sip/header-access.js';
import { splitHeaderValues } from '../../sip/split-header-values.js';

/**
 * REFER-TO-COUNT: a REFER names exactly one target in exactly one Refer-To value (RFC 3515
 * §2.4.1); with none or several the recipient cannot know whom to contact.
 */
export const referToCount: Rule = {
  id: 'REFER-TO-COUNT',
  title: 'REFER has exactly one Refer-To',
  severity: 'error',
  rfc: [{ rfc: 3515, section: '2.4.1' }],
  scope: 'message',
  triggers: 'A REFER request with no Refer-To header, or with more than one Refer-To value.',
  example: 'REFER sip:bob@biloxi.example.com SIP/2.0 with two Refer-To headers',
  checkMessage(msg, report) {
    const sl = msg.startLine;
    if (sl?.kind !== 'request' || sl.method !== 'REFER') return;
    let n = 0;
    for (let i = findHeader(msg, 'refer-to'); i >= 0; i = findHeader(msg, 'refer-to', i + 1)) {
      for (const it of splitHeaderValues(headerValueAt(msg, i))) if (it.text !== '') n++;
    }
    if (n !== 1) report({ summary: n === 0 ? 'REFER has no Refer-To' : `REFER has ${n} Refer-To values, not exactly one` });
  },
};
