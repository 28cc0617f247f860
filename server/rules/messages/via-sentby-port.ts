import type { Rule } from '../rule.js';
import { headerSpan } from './header-span.js';
import { suspectViaLines } from './message-views.js';

/**
 * VIA-SENTBY-PORT: the sent-by of a Via is `host [":" port]` (RFC 3261 §20.42, §25.1), and
 * responses are sent back to that port (§18.2.2), so it must be a usable port, 1-65535.
 */
export const viaSentbyPort: Rule = {
  id: 'VIA-SENTBY-PORT',
  title: 'Via sent-by port is 1-65535',
  severity: 'error',
  rfc: [
    { rfc: 3261, section: '20.42' },
    { rfc: 3261, section: '18.2.2' },
  ],
  scope: 'message',
  triggers: 'A Via sent-by port is not a number, is 0, or is above 65535.',
  example: 'Via: SIP/2.0/UDP pc33.example.com:70000;branch=z9hG4bK776asdhds',
  checkMessage(msg, report) {
    for (const line of suspectViaLines(msg)) {
      for (const h of line.items) {
        for (const v of h.vias) {
          const bad = v.issues.find((i) => i.code === 'bad-via-port');
          if (bad !== undefined || v.port === 0) {
            report({ summary: `Via sent-by ${v.host} has an invalid port: ${bad?.message ?? 'port 0'}`, span: headerSpan(msg, line.index) });
          }
        }
      }
    }
  },
};
