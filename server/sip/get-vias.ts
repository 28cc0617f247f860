import type { ParsedSip } from '../model/sip-message.js';
import { findHeader, headerValueAt } from './header-access.js';
import { parseVia, type Via } from './parse-via.js';

/**
 * Every Via of the message, topmost first, across repeated Via lines and comma-joined values
 * (RFC 3261 §7.3.1, §20.42). The top Via (index 0) carries the branch that names the
 * transaction (§17.2.3).
 */
export function getVias(msg: Pick<ParsedSip, 'headers'>): Via[] {
  const out: Via[] = [];
  for (let i = findHeader(msg, 'via'); i >= 0; i = findHeader(msg, 'via', i + 1)) {
    // A loop, not push(...): a hostile header can hold more elements than the stack allows.
    for (const v of parseVia(headerValueAt(msg, i)).vias) out.push(v);
  }
  return out;
}
