import type { Rule } from '../rule.js';
import { findHeader } from '../../sip/header-access.js';

/**
 * RESP-REQ-HDR: some responses are useless without the header that says what to do next:
 * 401 needs WWW-Authenticate (RFC 3261 §21.4.2, §20.44), 407 Proxy-Authenticate (§21.4.8,
 * §20.27), 405 Allow (§21.4.6, §20.5), 420 Unsupported (§21.4.15, §8.2.2.3), 423 Min-Expires
 * (§21.4.18, §10.3). Without them the client cannot retry correctly.
 */
const NEEDS: ReadonlyMap<number, readonly [key: string, name: string]> = new Map([
  [401, ['www-authenticate', 'WWW-Authenticate']],
  [405, ['allow', 'Allow']],
  [407, ['proxy-authenticate', 'Proxy-Authenticate']],
  [420, ['unsupported', 'Unsupported']],
  [423, ['min-expires', 'Min-Expires']],
]);

export const respReqHdr: Rule = {
  id: 'RESP-REQ-HDR',
  title: 'Response carries the header its status requires',
  severity: 'error',
  rfc: [
    { rfc: 3261, section: '21.4.2' },
    { rfc: 3261, section: '21.4.6' },
    { rfc: 3261, section: '21.4.8' },
    { rfc: 3261, section: '21.4.15' },
    { rfc: 3261, section: '21.4.18' },
  ],
  scope: 'message',
  triggers: '401 without WWW-Authenticate, 407 without Proxy-Authenticate, 405 without Allow, 420 without Unsupported, or 423 without Min-Expires.',
  example: 'SIP/2.0 401 Unauthorized with no WWW-Authenticate header',
  checkMessage(msg, report) {
    const sl = msg.startLine;
    if (sl?.kind !== 'response') return;
    const need = NEEDS.get(sl.status);
    if (need !== undefined && findHeader(msg, need[0]) < 0) {
      report({ summary: `${sl.status} response lacks ${need[1]}` });
    }
  },
};
