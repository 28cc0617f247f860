/** A quoted string read from a header value. */
export interface QuotedString {
  /** The content with quoted-pairs resolved (`\"` → `"`). */
  readonly text: string;
  /** Offset just after the closing quote, or the value's length when unterminated. */
  readonly end: number;
  readonly terminated: boolean;
}

/**
 * `quoted-string = SWS DQUOTE *(qdtext / quoted-pair) DQUOTE` (RFC 3261 §25.1), starting at the
 * opening quote `s[start]`. `quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F)`: the backslash
 * escapes the next char, which RFC 4475 §3.1.1.2 shows can even be NUL or DEL.
 */
export function parseQuotedString(s: string, start: number): QuotedString {
  let text = '';
  let run = start + 1;
  let i = start + 1;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 0x22) return { text: text + s.slice(run, i), end: i + 1, terminated: true };
    if (c === 0x5c && i + 1 < s.length) {
      text += s.slice(run, i) + s[i + 1];
      i += 2;
      run = i;
      continue;
    }
    i++;
  }
  return { text: text + s.slice(run), end: s.length, terminated: false };
}
