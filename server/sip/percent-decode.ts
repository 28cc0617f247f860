/** Result of decoding %HH escapes. */
export interface PercentDecoded {
  readonly text: string;
  /** Offsets (within the input) of `%` signs not followed by two hex digits; they are kept. */
  readonly badAt: readonly number[];
}

/**
 * Decodes `escaped = "%" HEXDIG HEXDIG` (RFC 3261 §25.1, RFC 3986 §2.1). Escaped octets are
 * taken as UTF-8; `%00` stays a NUL character (RFC 4475 §3.1.1.4: do not truncate).
 */
export function percentDecode(s: string): PercentDecoded {
  if (s.indexOf('%') < 0) return { text: s, badAt: [] };
  const badAt: number[] = [];
  const chunks: Buffer[] = [];
  let run = 0;
  let i = 0;
  while (i < s.length) {
    if (s.charCodeAt(i) !== 0x25) {
      i++;
      continue;
    }
    if (i + 2 < s.length && isHex(s.charCodeAt(i + 1)) && isHex(s.charCodeAt(i + 2))) {
      if (i > run) chunks.push(Buffer.from(s.slice(run, i), 'utf8'));
      chunks.push(Buffer.of(parseInt(s.slice(i + 1, i + 3), 16)));
      i += 3;
      run = i;
    } else {
      badAt.push(i);
      i++;
    }
  }
  if (run < s.length) chunks.push(Buffer.from(s.slice(run), 'utf8'));
  return { text: Buffer.concat(chunks).toString('utf8'), badAt };
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}
