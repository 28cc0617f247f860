/**
 * IP address text forms, as tshark prints them. Both run once or twice per packet, so they
 * read straight from the buffer and avoid intermediate arrays.
 */

/** Bounded cache: a capture talks to few hosts, so most IPv4 addresses repeat. */
const V4_CACHE_LIMIT = 4096;
const v4Cache = new Map<number, string>();

/** Dotted-quad text of the 4 bytes at `offset` (caller has checked bounds). */
export function formatIpv4(data: Uint8Array, offset: number): string {
  const key =
    ((data[offset] << 24) | (data[offset + 1] << 16) | (data[offset + 2] << 8) | data[offset + 3]) >>> 0;
  const hit = v4Cache.get(key);
  if (hit !== undefined) return hit;
  const text = `${data[offset]}.${data[offset + 1]}.${data[offset + 2]}.${data[offset + 3]}`;
  if (v4Cache.size >= V4_CACHE_LIMIT) v4Cache.clear();
  v4Cache.set(key, text);
  return text;
}

/**
 * RFC 5952 canonical text of the 16 bytes at `offset`: lower-case hex, no leading zeros,
 * the longest run (first one on a tie) of two or more zero groups replaced by `::` (§4.2),
 * and IPv4-mapped addresses in mixed notation `::ffff:a.b.c.d` (§5). Like tshark (and
 * inet_ntop), the deprecated IPv4-compatible form (RFC 4291 §2.5.5.1: 96 zero bits, then
 * an address whose upper 16 bits are not zero) is also written `::a.b.c.d`.
 */
export function formatIpv6(data: Uint8Array, offset: number): string {
  let bestStart = -1;
  let bestLen = 0;
  let runStart = -1;
  for (let i = 0; i < 8; i++) {
    const zero = data[offset + 2 * i] === 0 && data[offset + 2 * i + 1] === 0;
    if (zero) {
      if (runStart < 0) runStart = i;
      const len = i - runStart + 1;
      if (len > bestLen) {
        bestLen = len;
        bestStart = runStart;
      }
    } else {
      runStart = -1;
    }
  }
  // §4.2.2: a single 16-bit 0 field is not shortened.
  if (bestLen < 2) bestStart = -1;

  if (bestStart === 0 && bestLen === 5 && data[offset + 10] === 0xff && data[offset + 11] === 0xff) {
    return `::ffff:${formatIpv4(data, offset + 12)}`;
  }
  if (bestStart === 0 && bestLen === 6) return `::${formatIpv4(data, offset + 12)}`;

  let text = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      text += i === 0 ? '::' : ':';
      i += bestLen - 1;
      continue;
    }
    const group = (data[offset + 2 * i] << 8) | data[offset + 2 * i + 1];
    text += group.toString(16);
    if (i < 7) text += ':';
  }
  return text;
}
