import type { Rule } from '../rule.js';
import { findHeader } from '../../sip/header-access.js';

/**
 * SUB-EVENT: SUBSCRIBE and NOTIFY carry exactly one Event header field, which names the event
 * package and, with its id, the subscription (RFC 6665 §8.2.1, §7.2.1); a NOTIFY also carries
 * Subscription-State (RFC 6665 §8.2.3, §4.1.3). Without them the notifier or subscriber cannot
 * tell which subscription the request is for.
 */
export const subEvent: Rule = {
  id: 'SUB-EVENT',
  title: 'SUBSCRIBE/NOTIFY have one Event; NOTIFY has Subscription-State',
  severity: 'error',
  rfc: [
    { rfc: 6665, section: '8.2.1' },
    { rfc: 6665, section: '8.2.3' },
  ],
  scope: 'message',
  triggers: 'A SUBSCRIBE or NOTIFY without exactly one Event header, or a NOTIFY without Subscription-State.',
  example: 'NOTIFY sip:alice@pc33.example.com SIP/2.0 with Event: dialog but no Subscription-State',
  checkMessage(msg, report) {
    const sl = msg.startLine;
    if (sl?.kind !== 'request' || (sl.method !== 'SUBSCRIBE' && sl.method !== 'NOTIFY')) return;
    let n = 0;
    for (let i = findHeader(msg, 'event'); i >= 0; i = findHeader(msg, 'event', i + 1)) n++;
    if (n !== 1) report({ summary: n === 0 ? `${sl.method} has no Event header` : `${sl.method} has ${n} Event headers, not exactly one` });
    if (sl.method === 'NOTIFY' && findHeader(msg, 'subscription-state') < 0) report({ summary: 'NOTIFY has no Subscription-State header' });
  },
};
