import type { Rule } from '../rule.js';
import { headerValueAt, headerValueSpanAt } from '../../sip/header-access.js';
import { parseDecimalBytes } from '../../sip/parse-decimal.js';
import { parseMaxForwards } from '../../sip/parse-max-forwards.js';
import { headerSpan } from './header-span.js';
import { firstHeader } from './message-views.js';

/**
 * MAXFWD-RANGE: Max-Forwards is a decimal integer from 0 to 255 (RFC 3261 §20.22). A value
 * out of range or not a number (RFC 4475 §3.1.2.4: 300) cannot be decremented meaningfully,
 * so loop protection (§16.3 step 2) fails.
 */
export const maxfwdRange: Rule = {
  id: 'MAXFWD-RANGE',
  title: 'Max-Forwards is an integer 0-255',
  severity: 'error',
  rfc: [{ rfc: 3261, section: '20.22' }],
  scope: 'message',
  triggers: 'Max-Forwards is not a decimal integer between 0 and 255.',
  example: 'Max-Forwards: 300',
  checkMessage(msg, report) {
    const i = firstHeader(msg, 'max-forwards');
    if (i < 0) return;
    // The everyday value, 1-3 plain digits, read in place without decoding it.
    const s = headerValueSpanAt(msg, i);
    if (s !== undefined && !s.folded && parseDecimalBytes(msg.raw, s.start, s.end, 255) !== undefined) return;
    const value = headerValueAt(msg, i);
    if (parseMaxForwards(value).value === undefined) {
      report({ summary: `Max-Forwards '${value}' is not an integer 0-255`, span: headerSpan(msg, i) });
    }
  },
};
