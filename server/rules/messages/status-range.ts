import type { SipMessage } from '../../model/sip-message.js';
import type { Rule } from '../rule.js';
import { lineSpan } from './header-span.js';

/**
 * STATUS-RANGE: a Status-Code is exactly three digits, and only the classes 1xx to 6xx exist
 * (RFC 3261 §7.2, §21). A response with any other code (RFC 4475 §3.1.2.19: 4294967301)
 * cannot be classified, so it must be dropped.
 */
export const statusRange: Rule = {
  id: 'STATUS-RANGE',
  title: 'Status code is three digits in 100-699',
  severity: 'error',
  rfc: [
    { rfc: 3261, section: '7.2' },
    { rfc: 3261, section: '21' },
  ],
  scope: 'message',
  triggers: 'A Status-Line whose code is not three digits, or is below 100 or above 699.',
  example: 'SIP/2.0 4294967301 better not break the receiver',
  checkMessage(msg, report) {
    const sl = msg.startLine;
    if (sl !== null) {
      if (sl.kind === 'response' && (sl.status < 100 || sl.status > 699)) {
        report({ summary: `status code ${sl.status} is outside 100-699`, span: lineSpan(msg, 0) });
      }
      return;
    }
    const code = statusCodeText(msg);
    if (code !== undefined && isBadCode(code)) {
      report({ summary: `status code ${code} is not three digits in 100-699`, span: lineSpan(msg, 0) });
    }
  },
};

/**
 * When the parser rejected the start line, the digits after `SIP/x.y SP` if the line looks
 * like a Status-Line; undefined otherwise. Cheap: reads bytes of the first line only.
 */
function statusCodeText(msg: SipMessage): string | undefined {
  const raw = msg.raw;
  let i = 0;
  while (i < raw.length && (raw[i] === 0x0d || raw[i] === 0x0a)) i++;
  if (raw.length - i < 8 || (raw[i] | 0x20) !== 0x73 || (raw[i + 1] | 0x20) !== 0x69 || (raw[i + 2] | 0x20) !== 0x70 || raw[i + 3] !== 0x2f) {
    return undefined;
  }
  while (i < raw.length && raw[i] !== 0x20 && raw[i] !== 0x09 && raw[i] !== 0x0a) i++;
  while (i < raw.length && (raw[i] === 0x20 || raw[i] === 0x09)) i++;
  const start = i;
  while (i < raw.length && raw[i] >= 0x30 && raw[i] <= 0x39 && i - start < 40) i++;
  return i > start ? raw.toString('latin1', start, i) : undefined;
}

function isBadCode(code: string): boolean {
  return code.length !== 3 || code < '100' || code > '699';
}

/** True when the start line was rejected because of its status code: STATUS-RANGE reports it. */
export function isStatusCodeFault(msg: SipMessage): boolean {
  if (msg.startLine !== null) return false;
  const code = statusCodeText(msg);
  return code !== undefined && isBadCode(code);
}
