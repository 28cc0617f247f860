import type { Rule } from '../rule.js';
import { findHeader } from '../../sip/header-access.js';
import { headerSpan } from './header-span.js';
import { nameAddrHasTag, nameAddrUri } from './message-views.js';

/**
 * TO-TAG-RESP: a UAS adds a tag to the To of every response except 100 Trying (RFC 3261
 * §8.2.6.2); the tag completes the dialog id (§12.1.1), so a 1xx/2xx without one cannot create
 * a dialog and a final response cannot be told apart from a forked branch's.
 */
export const toTagResp: Rule = {
  id: 'TO-TAG-RESP',
  title: 'Non-100 response To carries a tag',
  severity: 'error',
  rfc: [{ rfc: 3261, section: '8.2.6.2' }],
  scope: 'message',
  triggers: 'A response other than 100 whose To header has no tag parameter.',
  example: 'SIP/2.0 200 OK ... To: <sip:bob@biloxi.example.com> (no ;tag=)',
  checkMessage(msg, report) {
    const sl = msg.startLine;
    if (sl?.kind !== 'response' || sl.status === 100) return;
    if (nameAddrHasTag(msg, 'to') === false) {
      report({ summary: `${sl.status} response To ${nameAddrUri(msg, 'to')} has no tag`, span: headerSpan(msg, findHeader(msg, 'to')) });
    }
  },
};
