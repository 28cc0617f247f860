import type { Rule } from '../rule.js';
import { findHeader } from '../../sip/header-access.js';
import { headerSpan } from './header-span.js';
import { topViaBranch } from './message-views.js';

/**
 * VIA-BRANCH-ID: a branch that claims RFC 3261 matching (the magic cookie) must also carry an
 * identifier unique to the transaction after the cookie (RFC 3261 §8.1.1.7, §17.2.3); an
 * empty branch or the bare cookie `z9hG4bK` makes every such request look like one
 * transaction (RFC 4475 §3.2.1: may be rejected with 400).
 */
export const viaBranchId: Rule = {
  id: 'VIA-BRANCH-ID',
  title: 'Top Via branch carries a transaction id',
  severity: 'error',
  rfc: [
    { rfc: 3261, section: '8.1.1.7' },
    { rfc: 3261, section: '17.2.3' },
  ],
  scope: 'message',
  triggers: 'The top Via of a request has an empty branch, or a branch that is only the magic cookie z9hG4bK.',
  example: 'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK',
  checkMessage(msg, report) {
    if (msg.startLine?.kind !== 'request') return;
    const kind = topViaBranch(msg);
    if (kind === 'empty' || kind === 'cookie-only') {
      report({
        summary: kind === 'empty' ? 'top Via branch is empty' : 'top Via branch is only the magic cookie z9hG4bK, with no transaction id',
        span: headerSpan(msg, findHeader(msg, 'via')),
      });
    }
  },
};
