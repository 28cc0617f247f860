import type { ParsedSip } from '../model/sip-message.js';
import { headerKey } from './header-key.js';
import { isListHeader } from './is-list-header.js';
import { splitHeaderValues } from './split-header-values.js';

/**
 * The value of the first header with this name (any case, compact or full form: `v`, `Via`,
 * `via` are the same), or undefined.
 */
export function getHeader(msg: Pick<ParsedSip, 'headers'>, name: string): string | undefined {
  const key = headerKey(name);
  for (const h of msg.headers) if (h.key === key) return h.value;
  return undefined;
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
  for (const h of msg.headers) {
    if (h.key !== key) continue;
    if (!split) {
      out.push(h.value);
      continue;
    }
    for (const item of splitHeaderValues(h.value)) if (item.text !== '') out.push(item.text);
  }
  return out;
}
