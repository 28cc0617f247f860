import type { Rule } from '../rule.js';
import { lineSpan } from './header-span.js';
import { isStatusCodeFault } from './status-range.js';

/**
 * MSG-START-LINE: the first line must be a Request-Line (`Method SP Request-URI SP
 * SIP-Version CRLF`) or a Status-Line (`SIP-Version SP Status-Code SP Reason-Phrase CRLF`),
 * with exactly one SP between the elements and none after the version (RFC 3261 §7.1, §7.2,
 * §25.1; RFC 4475 §3.1.2.9 and §3.1.2.10 treat extra or trailing SP as malformed). A
 * message whose start line cannot be read cannot be routed or answered.
 *
 * The parser has already found the fault (`bad-start-line`, `start-line-lws`); this rule
 * reports it. A status code out of range is STATUS-RANGE's, a bad Request-URI URI-SYNTAX's.
 */
export const msgStartLine: Rule = {
  id: 'MSG-START-LINE',
  title: 'Request-Line or Status-Line is well formed',
  severity: 'error',
  rfc: [
    { rfc: 3261, section: '7.1' },
    { rfc: 3261, section: '7.2' },
    { rfc: 3261, section: '25.1' },
  ],
  scope: 'message',
  triggers:
    'The first line is neither a Request-Line nor a Status-Line, or its elements are not separated by exactly one SP (extra or trailing whitespace).',
  example: 'INVITE  sip:bob@example.com   SIP/2.0 ␠',
  checkMessage(msg, report) {
    for (const i of msg.issues) {
      if (i.code === 'start-line-lws') {
        report({ summary: `start line whitespace: ${i.message}`, span: lineSpan(msg, i.offset) });
      } else if (i.code === 'bad-start-line' && !isStatusCodeFault(msg)) {
        report({ summary: `malformed start line: ${i.message}`, span: lineSpan(msg, i.offset) });
      }
    }
  },
};
