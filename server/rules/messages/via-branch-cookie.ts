import type { Rule } from '../rule.js';
import { findHeader } from '../../sip/header-access.js';
import { headerSpan } from './header-span.js';
import { topVia, topViaBranch } from './message-views.js';

/**
 * VIA-BRANCH-COOKIE: an RFC 3261 element starts the branch of the Via it adds with the magic
 * cookie `z9hG4bK`, announcing that the branch alone identifies the transaction (RFC 3261
 * §8.1.1.7, §17.2.3). Without it, peers fall back to RFC 2543 matching (RFC 4475 §3.4.1), which
 * works but is fragile: a warning. Checked on the top Via of requests (responses copy it).
 */
export const viaBranchCookie: Rule = {
  id: 'VIA-BRANCH-COOKIE',
  title: 'Top Via branch starts with z9hG4bK',
  severity: 'warning',
  rfc: [
    { rfc: 3261, section: '8.1.1.7' },
    { rfc: 3261, section: '17.2.3' },
  ],
  scope: 'message',
  triggers: 'The top Via of a request has no branch parameter, or a branch that does not begin with z9hG4bK.',
  example: 'Via: SIP/2.0/UDP 192.0.2.1;branch=390skdjuw',
  checkMessage(msg, report) {
    if (msg.startLine?.kind !== 'request') return;
    // Decide from the bytes first; the top Via is read as text only to word a finding.
    const kind = topViaBranch(msg);
    if (kind !== 'none' && kind !== 'no-cookie') return;
    const top = topVia(msg);
    if (top === undefined) return;
    if (kind === 'none') {
      report({ summary: `top Via (${top.host}) has no branch parameter`, span: headerSpan(msg, findHeader(msg, 'via')) });
    } else {
      report({ summary: `top Via branch ${top.branch ?? ''} lacks the z9hG4bK magic cookie`, span: headerSpan(msg, findHeader(msg, 'via')) });
    }
  },
};
