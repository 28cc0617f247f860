/**
 * TCP sequence-number arithmetic modulo 2^32 (RFC 9293 §3.4: "all arithmetic dealing with
 * sequence numbers must be performed modulo 2**32"). Comparisons use the signed 32-bit
 * difference, valid while the two numbers are less than 2^31 apart.
 */

/** a − b as a signed 32-bit number: > 0 when a is after b. */
export function seqDiff(a: number, b: number): number {
  return (a - b) | 0;
}

/** a + n modulo 2^32, as an unsigned number. */
export function seqAdd(a: number, n: number): number {
  return (a + n) >>> 0;
}
