import type { Rule } from '../rule.js';
import { headerSpan } from './header-span.js';
import { suspectViaLines } from './message-views.js';

/**
 * VIA-SYNTAX: each Via value is `sent-protocol LWS sent-by *(SEMI via-params)`, list elements
 * and parameters are never empty, and the sent-by host is a host name or IP address (RFC 3261
 * §20.42, §25.1). RFC 4475 §3.1.2.1 (`;;,;`) is the model: answer 400, as the response route
 * cannot be trusted. Port faults are VIA-SENTBY-PORT's.
 */
export const viaSyntax: Rule = {
  id: 'VIA-SYNTAX',
  title: 'Via values are well formed',
  severity: 'error',
  rfc: [
    { rfc: 3261, section: '20.42' },
    { rfc: 3261, section: '25.1' },
  ],
  scope: 'message',
  triggers: 'A Via value has an empty list element or parameter, no sent-protocol, a malformed sent-by host, or text the grammar does not allow.',
  example: 'Via: SIP/2.0/UDP 192.0.2.15;;,;,,',
  checkMessage(msg, report) {
    for (const line of suspectViaLines(msg)) {
      for (const h of line.items) {
        const faults = h.issues.filter((i) => i.code !== 'bad-via-port');
        if (faults.length > 0) {
          report({ summary: `malformed Via: ${faults.map((i) => i.message).join('; ')}`, span: headerSpan(msg, line.index) });
        }
      }
    }
  },
};
