/** One element of a comma-separated header value. */
export interface ListItem {
  /** The element with surrounding whitespace removed; '' for an empty element (`a,,b`). */
  readonly text: string;
  /** Offset of `text` within the header value (UTF-16 units, as JavaScript indexes strings). */
  readonly offset: number;
}

/**
 * Splits a header value at the commas that separate list elements (RFC 3261 §7.3.1: a header
 * whose grammar is `1#element` may carry several values joined by commas). Commas inside a
 * quoted string (display names: `"Smith, John" <sip:j@x>`) or inside `<...>` (URIs may hold
 * commas: `<sip:a,b@x>`) do not split. Empty elements are returned with `text: ''` so callers
 * can report them (RFC 4475 §3.1.2.1).
 *
 * Only for headers whose grammar is a comma list: see `isListHeader`.
 */
export function splitHeaderValues(value: string): ListItem[] {
  const items: ListItem[] = [];
  let inQuote = false;
  let inAngle = false;
  let from = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (inQuote) {
      if (c === 0x5c) i++; // quoted-pair: the next char is literal (RFC 3261 §25.1)
      else if (c === 0x22) inQuote = false;
    } else if (inAngle) {
      if (c === 0x3e) inAngle = false;
    } else if (c === 0x22) {
      inQuote = true;
    } else if (c === 0x3c) {
      inAngle = true;
    } else if (c === 0x2c) {
      items.push(item(value, from, i));
      from = i + 1;
    }
  }
  items.push(item(value, from, value.length));
  return items;
}

function item(value: string, start: number, end: number): ListItem {
  let s = start;
  let e = end;
  while (s < e && isWs(value.charCodeAt(s))) s++;
  while (e > s && isWs(value.charCodeAt(e - 1))) e--;
  return { text: value.slice(s, e), offset: s };
}

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}
