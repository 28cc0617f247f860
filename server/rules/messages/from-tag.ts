import type { Rule } from '../rule.js';
import { findHeader } from '../../sip/header-access.js';
import { headerSpan } from './header-span.js';
import { nameAddrHasTag, nameAddrUri } from './message-views.js';

/**
 * FROM-TAG: a UAC puts a fresh random tag in the From of every request outside a dialog, and
 * keeps it within the dialog (RFC 3261 §8.1.1.3, §19.3); it is half of the dialog id (§12).
 * RFC 2543 peers omitted it and must still be accepted (RFC 4475 §3.4.1): a warning.
 */
export const fromTag: Rule = {
  id: 'FROM-TAG',
  title: 'Request From carries a tag',
  severity: 'warning',
  rfc: [{ rfc: 3261, section: '8.1.1.3' }],
  scope: 'message',
  triggers: 'A request whose From header has no tag parameter.',
  example: 'From: <sip:alice@atlanta.example.com> (no ;tag=)',
  checkMessage(msg, report) {
    if (msg.startLine?.kind !== 'request') return;
    if (nameAddrHasTag(msg, 'from') === false) {
      report({ summary: `${msg.startLine.method} From ${nameAddrUri(msg, 'from')} has no tag`, span: headerSpan(msg, findHeader(msg, 'from')) });
    }
  },
};
