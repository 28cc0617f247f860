import type { Rule } from '../rule.js';
import { findHeader } from '../../sip/header-access.js';
import { headerSpan } from './header-span.js';
import { countNameAddrs, nameAddrHasTag } from './message-views.js';

/**
 * CONTACT-REQUIRED (message part): an INVITE carries exactly one Contact URI, the target for
 * later requests in the dialog (RFC 3261 §8.1.1.8); so does a 1xx (not 100) or 2xx to an
 * INVITE that has a To tag, i.e. that creates a dialog (§12.1.1). Without it in-dialog
 * requests (ACK, BYE) have nowhere to go. RFC 2543 INVITEs may lack it and must still be
 * accepted (RFC 4475 §3.4.1), so this is a warning. Whether a response completes a dialog
 * across messages is a dialog-scope check.
 */
export const contactRequired: Rule = {
  id: 'CONTACT-REQUIRED',
  title: 'INVITE and dialog-creating responses have exactly one Contact',
  severity: 'warning',
  rfc: [
    { rfc: 3261, section: '8.1.1.8' },
    { rfc: 3261, section: '12.1.1' },
  ],
  scope: 'message',
  triggers: 'An INVITE, or a 101-299 response to INVITE carrying a To tag, has no Contact or more than one Contact URI.',
  example: 'SIP/2.0 200 OK (CSeq: 1 INVITE, To with tag) without a Contact header',
  checkMessage(msg, report) {
    const sl = msg.startLine;
    let what: string;
    if (sl?.kind === 'request') {
      if (sl.method !== 'INVITE') return;
      what = 'INVITE';
    } else if (sl?.kind === 'response') {
      if (sl.status <= 100 || sl.status >= 300 || msg.cseq?.method !== 'INVITE') return;
      if (nameAddrHasTag(msg, 'to') !== true) return;
      what = `${sl.status} response to INVITE`;
    } else {
      return;
    }
    const n = countNameAddrs(msg, 'contact');
    if (n !== 1) {
      const i = findHeader(msg, 'contact');
      report({
        summary: n === 0 ? `${what} has no Contact` : `${what} has ${n} Contact URIs, not exactly one`,
        span: i < 0 ? undefined : headerSpan(msg, i),
      });
    }
  },
};
