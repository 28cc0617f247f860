import type { Rule } from '../rule.js';

/** RFC 3261 §18.1.1: the limit when the path MTU is unknown (1500-byte MTU minus 200). */
const UDP_LIMIT = 1300;

/**
 * UDP-TOO-BIG: a request within 200 bytes of the path MTU, or larger than 1300 bytes when the
 * MTU is unknown, MUST be sent over a congestion-controlled transport such as TCP (RFC 3261
 * §18.1.1): large UDP requests fragment, and lost fragments lose the whole message. Stacks
 * still do it, so a warning.
 */
export const udpTooBig: Rule = {
  id: 'UDP-TOO-BIG',
  title: 'UDP request no larger than 1300 bytes',
  severity: 'warning',
  rfc: [{ rfc: 3261, section: '18.1.1' }],
  scope: 'message',
  triggers: 'A request sent over UDP is larger than 1300 bytes.',
  example: 'An INVITE with a large SDP offer, 1850 bytes, sent over UDP (IP-fragmented)',
  checkMessage(msg, report) {
    if (msg.origin.transport !== 'UDP' || msg.startLine?.kind !== 'request' || msg.raw.length <= UDP_LIMIT) return;
    report({ summary: `${msg.startLine.method} request of ${msg.raw.length} bytes sent over UDP (limit ${UDP_LIMIT})` });
  },
};
