/** What the first bytes of a stream say it is. Never guessed from a file name. */
export type SniffedFormat = 'pcap' | 'pcapng' | 'gzip';

/** Bytes `sniffFormat` needs to decide. */
export const SNIFF_LENGTH = 4;

/**
 * Classifies a stream from its first bytes: pcap magics in either byte order (µs a1b2c3d4,
 * ns a1b23c4d, Kuznetsov a1b2cd34), the pcapng Section Header Block type 0a0d0d0a, or the gzip
 * member header 1f 8b (RFC 1952 §2.3.1). Undefined when it is none of them (or too short).
 */
export function sniffFormat(head: Uint8Array): SniffedFormat | undefined {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length < SNIFF_LENGTH) return undefined;
  const b0 = head[0];
  const b1 = head[1];
  const b2 = head[2];
  const b3 = head[3];
  if (b0 === 0x0a && b1 === 0x0d && b2 === 0x0d && b3 === 0x0a) return 'pcapng';
  // Little-endian file: d4 c3 b2 a1 / 4d 3c b2 a1 / 34 cd b2 a1.
  if (b2 === 0xb2 && b3 === 0xa1 && ((b0 === 0xd4 && b1 === 0xc3) || (b0 === 0x4d && b1 === 0x3c) || (b0 === 0x34 && b1 === 0xcd))) {
    return 'pcap';
  }
  // Big-endian file: a1 b2 c3 d4 / a1 b2 3c 4d / a1 b2 cd 34.
  if (b0 === 0xa1 && b1 === 0xb2 && ((b2 === 0xc3 && b3 === 0xd4) || (b2 === 0x3c && b3 === 0x4d) || (b2 === 0xcd && b3 === 0x34))) {
    return 'pcap';
  }
  return undefined;
}

/** "50 4b 03 04" for messages. */
export function hexBytes(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}
