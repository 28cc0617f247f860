import type { Rule } from '../rule.js';
import { findHeader } from '../../sip/header-access.js';

/**
 * CL-MISSING-STREAM: on a stream transport (TCP, TLS, SCTP) Content-Length is the only way to
 * find where a message ends, so it MUST be present (RFC 3261 §18.3, §20.14), even when it is
 * 0. Without it the receiver has to guess, and a pipelined next message is lost.
 */
export const clMissingStream: Rule = {
  id: 'CL-MISSING-STREAM',
  title: 'Content-Length present on a stream transport',
  severity: 'error',
  rfc: [
    { rfc: 3261, section: '18.3' },
    { rfc: 3261, section: '20.14' },
  ],
  scope: 'message',
  triggers: 'A message sent over TCP (or another stream transport) has no Content-Length header.',
  example: 'REGISTER over TCP with no Content-Length header',
  checkMessage(msg, report) {
    if (msg.origin.transport !== 'TCP') return;
    for (const n of msg.framing) {
      if (n.code === 'cl-missing-stream') {
        report({ summary: 'no Content-Length on a TCP message; the message end had to be guessed' });
        return;
      }
    }
    if (findHeader(msg, 'content-length') < 0) report({ summary: 'no Content-Length on a TCP message' });
  },
};
