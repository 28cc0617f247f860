/**
 * RFC 1071 Internet checksum. `sum` lets a pseudo-header (RFC 768, RFC 8200 §8.1) be added
 * first: pass the result of `onesSum` over it.
 */
export function onesSum(data: Uint8Array, start = 0, end = data.length, sum = 0): number {
  let i = start;
  for (; i + 1 < end; i += 2) sum += (data[i] << 8) | data[i + 1];
  if (i < end) sum += data[i] << 8;
  return sum;
}

/** Fold a ones-complement sum to 16 bits and complement it. */
export function finishChecksum(sum: number): number {
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return ~sum & 0xffff;
}

export function internetChecksum(data: Uint8Array, start = 0, end = data.length): number {
  return finishChecksum(onesSum(data, start, end));
}
