import type { ParsedSip } from '../model/sip-message.js';
import { findHeader, headerValueAt } from './header-access.js';
import { headerKey } from './header-key.js';
import { isListHeader } from './is-list-header.js';
import { splitHeaderValues } from './split-header-values.js';

/**
 * The value of the first header with this name (any case, compact or full form: `v`, `Via`,
 * `via` are the same), or undefined.
 */
export function getHeader(msg: Pick<ParsedSip, 'headers'>, name: string): string | undefined {
  const key = headerKey(name);
  const i = findHeader(msg, key);
  return i < 0 ? undefined : headerValueAt(msg, i);
}

/**
 * Every value of this header in message order: across repeated header lines and, for list
 * headers (`isListHeader`), across comma-separated elements (RFC 3261 §7.3.1 makes the two
 * forms equivalent). Empty list elements are dropped.
 */
export function getHeaders(msg: Pick<ParsedSip, 'headers'>, name: string): string[] {
  const key = headerKey(name);
  const split = isListHeader(key);
  const out: string[] = [];
  for (let i = findHeader(msg, key); i >= 0; i = findHeader(msg, key, i + 1)) {
    const value = headerValueAt(msg, i);
    if (!split) {
      out.push(value);
      continue;
    }
    for (const item of splitHeaderValues(value)) if (item.text !== '') out.push(item.text);
  }
  return out;
}
