/**
 * The encode side of the decoders (dns-packet style): real UDP/TCP/IP bytes with correct
 * checksums for tests, fixtures and the benchmark. Not used on the decode path.
 */
import { buildIpPacket, ipBytes, type Ipv6Extension } from './build-ip.js';
import { finishChecksum, onesSum } from './internet-checksum.js';

export { buildIpv4, buildIpv6, buildIpPacket, encapsulateIp } from './build-ip.js';
export type { Ipv4BuildOptions, Ipv6BuildOptions, Ipv6Extension } from './build-ip.js';
export { fragmentIpv4, fragmentIpv6 } from './fragment-ip.js';
export { buildEthernet, buildSll, buildSll2, buildLoopback, buildLinkFrame } from './build-link.js';
export type { EthernetOptions, VlanTag } from './build-link.js';
export { buildGre, buildErspan, buildPpp, buildPppoeSession } from './build-tunnel.js';
export { FrameBuildError } from './frame-build-error.js';

interface IpCommon {
  /** IPv4 or IPv6 text; the family of `src` picks the IP version. */
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  payload: Buffer | string;
  ipId?: number;
  ttl?: number;
  ipOptions?: Buffer;
  extensions?: Ipv6Extension[];
}

/** TCP flag bits (RFC 9293 §3.1). */
export const TcpFlag = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10, URG: 0x20 } as const;

/** An IP packet carrying a UDP datagram (RFC 768), checksums correct. */
export function buildUdp(o: IpCommon & { udpLength?: number }): Buffer {
  const data = typeof o.payload === 'string' ? Buffer.from(o.payload, 'latin1') : o.payload;
  const segment = Buffer.alloc(8 + data.length);
  segment.writeUInt16BE(o.srcPort, 0);
  segment.writeUInt16BE(o.dstPort, 2);
  segment.writeUInt16BE(o.udpLength ?? segment.length, 4);
  data.copy(segment, 8);
  // RFC 768: a computed checksum of 0 is sent as all ones.
  segment.writeUInt16BE(transportChecksum(o.src, o.dst, 17, segment) || 0xffff, 6);
  return ip(o, 17, segment);
}

/** An IP packet carrying a TCP segment (RFC 9293), checksums correct. */
export function buildTcp(
  o: IpCommon & { seq: number; ack?: number; flags: number; window?: number; tcpOptions?: Buffer },
): Buffer {
  const data = typeof o.payload === 'string' ? Buffer.from(o.payload, 'latin1') : o.payload;
  const options = o.tcpOptions ?? Buffer.alloc(0);
  const headerLength = 20 + Math.ceil(options.length / 4) * 4;
  const segment = Buffer.alloc(headerLength + data.length);
  segment.writeUInt16BE(o.srcPort, 0);
  segment.writeUInt16BE(o.dstPort, 2);
  segment.writeUInt32BE(o.seq >>> 0, 4);
  segment.writeUInt32BE((o.ack ?? 0) >>> 0, 8);
  segment[12] = (headerLength / 4) << 4;
  segment[13] = o.flags;
  segment.writeUInt16BE(o.window ?? 65535, 14);
  options.copy(segment, 20);
  data.copy(segment, headerLength);
  segment.writeUInt16BE(transportChecksum(o.src, o.dst, 6, segment), 16);
  return ip(o, 6, segment);
}

function ip(o: IpCommon, protocol: number, payload: Buffer): Buffer {
  return buildIpPacket({
    src: o.src, dst: o.dst, protocol, payload, id: o.ipId, ttl: o.ttl, hopLimit: o.ttl,
    options: o.ipOptions, extensions: o.extensions,
  });
}

/** Checksum over the pseudo-header (RFC 768; RFC 8200 §8.1 for IPv6) and the segment. */
function transportChecksum(src: string, dst: string, protocol: number, segment: Buffer): number {
  const v6 = src.includes(':');
  const s = ipBytes(src, v6 ? 16 : 4);
  const d = ipBytes(dst, v6 ? 16 : 4);
  let sum = onesSum(s) + onesSum(d) + protocol + (segment.length & 0xffff) + Math.floor(segment.length / 0x10000);
  sum = onesSum(segment, 0, segment.length, sum);
  return finishChecksum(sum);
}
