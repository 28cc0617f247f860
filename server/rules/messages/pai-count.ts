import type { Rule } from '../rule.js';
import { findHeader } from '../../sip/header-access.js';
import { headerSpan } from './header-span.js';
import { allNameAddrs } from './message-views.js';

/**
 * PAI-COUNT: P-Asserted-Identity holds one or two values: one sip/sips or tel URI, or one
 * sip/sips and one tel URI (RFC 3325 §9.1). More, or two of the same kind, leaves the asserted
 * identity ambiguous; RFC 5876 §4 lets a receiver ignore the extras, so a warning.
 */
export const paiCount: Rule = {
  id: 'PAI-COUNT',
  title: 'P-Asserted-Identity has at most one sip/sips and one tel value',
  severity: 'warning',
  rfc: [{ rfc: 3325, section: '9.1' }],
  scope: 'message',
  triggers: 'More than two P-Asserted-Identity values, two values of the same scheme kind, or a value that is neither sip, sips nor tel.',
  example: 'P-Asserted-Identity: <sip:alice@a.example>, <sip:alice2@a.example>',
  checkMessage(msg, report) {
    if (findHeader(msg, 'p-asserted-identity') < 0) return;
    let sip = 0;
    let tel = 0;
    let other = 0;
    for (const na of allNameAddrs(msg, 'p-asserted-identity')) {
      const u = na.uri;
      if (u?.kind === 'sip') sip++;
      else if (u?.kind === 'tel') tel++;
      else other++;
    }
    const total = sip + tel + other;
    const span = headerSpan(msg, findHeader(msg, 'p-asserted-identity'));
    if (total > 2) report({ summary: `P-Asserted-Identity has ${total} values, at most two are allowed`, span });
    else if (sip > 1 || tel > 1) report({ summary: `P-Asserted-Identity has two ${sip > 1 ? 'sip/sips' : 'tel'} values`, span });
    else if (other > 0) report({ summary: 'P-Asserted-Identity holds a URI that is neither sip, sips nor tel', span });
  },
};
