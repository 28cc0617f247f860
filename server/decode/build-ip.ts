import { FrameBuildError } from './frame-build-error.js';
import { internetChecksum } from './internet-checksum.js';
import { parseIpAddress } from './parse-ip-address.js';

export interface Ipv4BuildOptions {
  src: string;
  dst: string;
  protocol: number;
  payload: Buffer;
  id?: number;
  ttl?: number;
  /** Options bytes, zero-padded to a multiple of 4 (RFC 791 §3.1). */
  options?: Buffer;
  dontFragment?: boolean;
  moreFragments?: boolean;
  /** Fragment offset in bytes (a multiple of 8). */
  fragmentOffset?: number;
}

/** An IPv4 packet with a correct header checksum. */
export function buildIpv4(o: Ipv4BuildOptions): Buffer {
  const options = o.options ?? Buffer.alloc(0);
  const headerLength = 20 + Math.ceil(options.length / 4) * 4;
  const total = headerLength + o.payload.length;
  if (total > 0xffff || headerLength > 60) throw new FrameBuildError(`IPv4 packet too large: ${total} bytes`);
  const out = Buffer.alloc(total);
  out[0] = 0x40 | (headerLength / 4);
  out.writeUInt16BE(total, 2);
  out.writeUInt16BE((o.id ?? 0x1234) & 0xffff, 4);
  const offset = o.fragmentOffset ?? 0;
  if (offset % 8 !== 0) throw new FrameBuildError(`fragment offset ${offset} is not a multiple of 8`);
  out.writeUInt16BE((o.dontFragment ? 0x4000 : 0) | (o.moreFragments ? 0x2000 : 0) | (offset / 8), 6);
  out[8] = o.ttl ?? 64;
  out[9] = o.protocol;
  ipBytes(o.src, 4).copy(out, 12);
  ipBytes(o.dst, 4).copy(out, 16);
  options.copy(out, 20);
  out.writeUInt16BE(internetChecksum(out, 0, headerLength), 10);
  o.payload.copy(out, headerLength);
  return out;
}

/** An IPv6 extension header: `type` and its content after the next-header/length bytes. */
export interface Ipv6Extension {
  type: number;
  /** Zero-padded (zeros are Pad1 options) so the header is a multiple of 8 (AH: of 4). */
  data: Buffer;
}

export interface Ipv6BuildOptions {
  src: string;
  dst: string;
  /** The upper-layer protocol after any extension headers. */
  protocol: number;
  payload: Buffer;
  hopLimit?: number;
  extensions?: Ipv6Extension[];
  flowLabel?: number;
}

/** An IPv6 packet (RFC 8200 §3) with the given extension header chain. */
export function buildIpv6(o: Ipv6BuildOptions): Buffer {
  const exts = (o.extensions ?? []).map((e) => encodeExtension(e));
  const chain = exts.map((e, i) => ({ ...e, next: i + 1 < exts.length ? exts[i + 1].type : o.protocol }));
  const extLength = chain.reduce((n, e) => n + e.bytes.length, 0);
  const payloadLength = extLength + o.payload.length;
  if (payloadLength > 0xffff) throw new FrameBuildError(`IPv6 payload too large: ${payloadLength} bytes`);
  const out = Buffer.alloc(40 + payloadLength);
  out.writeUInt32BE((6 << 28) | ((o.flowLabel ?? 0) & 0xfffff), 0);
  out.writeUInt16BE(payloadLength, 4);
  out[6] = chain.length > 0 ? chain[0].type : o.protocol;
  out[7] = o.hopLimit ?? 64;
  ipBytes(o.src, 16).copy(out, 8);
  ipBytes(o.dst, 16).copy(out, 24);
  let p = 40;
  for (const e of chain) {
    e.bytes.copy(out, p);
    out[p] = e.next;
    p += e.bytes.length;
  }
  o.payload.copy(out, p);
  return out;
}

function encodeExtension(e: Ipv6Extension): { type: number; bytes: Buffer } {
  const unit = e.type === 51 ? 4 : 8;
  const length = Math.max(unit === 4 ? 12 : 8, Math.ceil((2 + e.data.length) / unit) * unit);
  const bytes = Buffer.alloc(length);
  // RFC 8200 §4.3: (length / 8) - 1; RFC 4302 §2.2 (AH): (length / 4) - 2.
  bytes[1] = unit === 4 ? length / 4 - 2 : length / 8 - 1;
  e.data.copy(bytes, 2);
  return { type: e.type, bytes };
}

/** An address's bytes, checking it is of the family the header needs. */
export function ipBytes(text: string, size: 4 | 16): Buffer {
  const bytes = parseIpAddress(text);
  if (bytes.length !== size) throw new FrameBuildError(`expected an IPv${size === 4 ? 4 : 6} address: ${text}`);
  return bytes;
}

/** IPv4 or IPv6 by the address family of `src`. */
export function buildIpPacket(o: Omit<Ipv4BuildOptions, 'protocol'> & Omit<Ipv6BuildOptions, 'protocol'> & { protocol: number }): Buffer {
  return o.src.includes(':') ? buildIpv6(o) : buildIpv4(o);
}

/**
 * IP-in-IP: `inner` (an IP packet) inside a new outer header whose family follows `src`.
 * Protocol 4 for an inner IPv4 packet (RFC 2003), 41 for IPv6 (RFC 4213, RFC 2473).
 */
export function encapsulateIp(o: { src: string; dst: string; inner: Buffer; id?: number; ttl?: number }): Buffer {
  const protocol = o.inner[0] >> 4 === 6 ? 41 : 4;
  return buildIpPacket({ src: o.src, dst: o.dst, protocol, payload: o.inner, id: o.id, ttl: o.ttl, hopLimit: o.ttl });
}
