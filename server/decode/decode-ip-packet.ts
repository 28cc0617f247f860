import type { DecodeResult, IpHeaderInfo } from '../model/packet.js';
import { decodeGreAt } from './decode-gre.js';
import { decodeTransportAt } from './decode-transport.js';
import { formatIpv4, formatIpv6 } from './format-ip.js';
import { cutHeader, skip } from './skip.js';

/** IP headers peeled off beyond the outermost one (IP-in-IP, GRE) before giving up. */
export const MAX_TUNNEL_DEPTH = 8;

const IPV4_HEADER = 20;
const IPV6_HEADER = 40;

/**
 * Decode from the IP header at `offset` to the innermost UDP/TCP payload, fragment or skip.
 * Pure and never throws; the result's payload is a view into `data`.
 */
export function decodeIpPacket(data: Buffer, offset: number, tunnelDepth = 0): DecodeResult {
  return decodeIpAt(data, offset, data.length, tunnelDepth, data.length);
}

/**
 * The IP header at `offset`, bounded by `end` (an enclosing length, never past the data).
 * `captured` is where the capture's bytes end (Infinity for a reassembled buffer): a header
 * cut there is 'truncated', one cut earlier by a length field is bad.
 */
export function decodeIpAt(
  data: Buffer,
  offset: number,
  end: number,
  depth: number,
  captured: number,
): DecodeResult {
  if (!(offset >= 0) || offset >= end) return cutHeader(end, captured, 'bad-ip-header', 'IP header', 0, IPV4_HEADER);
  const version = data[offset] >> 4;
  if (version === 4) return decodeIpv4At(data, offset, end, depth, captured);
  if (version === 6) return decodeIpv6At(data, offset, end, depth, captured);
  return skip('bad-ip-header', `IP version ${version}`);
}

function decodeIpv4At(data: Buffer, o: number, end: number, depth: number, captured: number): DecodeResult {
  const have = end - o;
  if (have < IPV4_HEADER) return cutHeader(end, captured, 'bad-ip-header', 'IPv4 header', have, IPV4_HEADER);
  // RFC 791 §3.1: IHL counts 32-bit words, at least 5; options fill the rest.
  const ihl = data[o] & 0x0f;
  if (ihl < 5) return skip('bad-ip-header', `IPv4 header length ${ihl} < 5`);
  const headerLength = ihl * 4;
  if (have < headerLength) {
    return cutHeader(end, captured, 'bad-ip-header', 'IPv4 header with options', have, headerLength);
  }
  // Total Length cuts link-layer padding (Ethernet pads to 60 bytes). 0 is what a capture
  // taken before TCP segmentation offload shows; then the captured bytes are the packet.
  const totalLength = data.readUInt16BE(o + 2);
  let payloadEnd = end;
  if (totalLength !== 0) {
    if (totalLength < headerLength) {
      return skip('bad-ip-header', `IPv4 total length ${totalLength} < header length ${headerLength}`);
    }
    if (o + totalLength < end) payloadEnd = o + totalLength;
  }
  const ip: IpHeaderInfo = {
    version: 4,
    src: formatIpv4(data, o + 12),
    dst: formatIpv4(data, o + 16),
    protocol: data[o + 9],
    tunnelDepth: depth,
  };
  // RFC 791: flags (reserved, DF, MF) and the fragment offset in 8-byte units.
  const fragment = data.readUInt16BE(o + 6);
  if ((fragment & 0x3fff) !== 0) {
    return {
      kind: 'fragment',
      ip,
      id: data.readUInt16BE(o + 4),
      offset: (fragment & 0x1fff) * 8,
      moreFragments: (fragment & 0x2000) !== 0,
      data: data.subarray(o + headerLength, payloadEnd),
    };
  }
  return decodeUpperAt(ip, data, o + headerLength, payloadEnd, captured);
}

function decodeIpv6At(data: Buffer, o: number, end: number, depth: number, captured: number): DecodeResult {
  const have = end - o;
  if (have < IPV6_HEADER) return cutHeader(end, captured, 'bad-ip-header', 'IPv6 header', have, IPV6_HEADER);
  // RFC 8200 §3: Payload Length excludes the fixed header; 0 means a Jumbo Payload option
  // (RFC 2675) — then the bytes present are the packet.
  const payloadLength = data.readUInt16BE(o + 4);
  let payloadEnd = end;
  if (payloadLength !== 0 && o + IPV6_HEADER + payloadLength < end) payloadEnd = o + IPV6_HEADER + payloadLength;
  return decodeIpv6ChainAt(
    formatIpv6(data, o + 8),
    formatIpv6(data, o + 24),
    data,
    o + IPV6_HEADER,
    payloadEnd,
    data[o + 6],
    depth,
    captured,
  );
}

/**
 * RFC 8200 §4: walk the extension header chain starting with `next` at `p`. Also used on a
 * reassembled IPv6 payload, whose fragmentable part may begin with more extension headers.
 */
export function decodeIpv6ChainAt(
  src: string,
  dst: string,
  data: Buffer,
  p: number,
  end: number,
  next: number,
  depth: number,
  captured: number,
): DecodeResult {
  for (;;) {
    if (next === 0 || next === 43 || next === 60 || next === 51) {
      // Hop-by-Hop, Routing, Destination Options: (Hdr Ext Len + 1) × 8 bytes (§4.3–4.6);
      // AH: (Payload Len + 2) × 4 bytes (RFC 4302 §2.2).
      if (end - p < 2) return cutHeader(end, captured, 'bad-ip-header', `IPv6 extension header ${next}`, end - p, 2);
      const length = next === 51 ? (data[p + 1] + 2) * 4 : (data[p + 1] + 1) * 8;
      if (end - p < length) {
        return cutHeader(end, captured, 'bad-ip-header', `IPv6 extension header ${next}`, end - p, length);
      }
      next = data[p];
      p += length;
      continue;
    }
    if (next === 44) {
      // §4.5 Fragment header: next header, reserved, offset (13 bits, 8-byte units) + M flag, id.
      if (end - p < 8) return cutHeader(end, captured, 'bad-ip-header', 'IPv6 fragment header', end - p, 8);
      next = data[p];
      const field = data.readUInt16BE(p + 2);
      const id = data.readUInt32BE(p + 4);
      p += 8;
      // RFC 6946 §4: an atomic fragment (offset 0, M 0) is processed as a whole packet.
      if ((field & 0xfff9) === 0) continue;
      return {
        kind: 'fragment',
        ip: { version: 6, src, dst, protocol: next, tunnelDepth: depth },
        id,
        offset: field & 0xfff8,
        moreFragments: (field & 1) !== 0,
        data: data.subarray(p, end),
      };
    }
    break;
  }
  return decodeUpperAt({ version: 6, src, dst, protocol: next, tunnelDepth: depth }, data, p, end, captured);
}

/** What an IP header carries: another IP header (tunnel), GRE, or a transport header. */
export function decodeUpperAt(
  ip: IpHeaderInfo,
  data: Buffer,
  p: number,
  end: number,
  captured: number,
): DecodeResult {
  const protocol = ip.protocol;
  if (protocol === 4 || protocol === 41 || protocol === 47) {
    if (ip.tunnelDepth >= MAX_TUNNEL_DEPTH) {
      return skip('tunnel-too-deep', `more than ${MAX_TUNNEL_DEPTH} nested tunnels`);
    }
    // RFC 2003 (IPv4 in IPv4), RFC 4213 §3 (IPv6 in IPv4), RFC 2473 (in IPv6): the inner
    // header's own version nibble decides, whatever the outer protocol number said.
    if (protocol !== 47) return decodeIpAt(data, p, end, ip.tunnelDepth + 1, captured);
    return decodeGreAt(data, p, end, ip.tunnelDepth + 1, captured);
  }
  return decodeTransportAt(ip, data, p, end, captured);
}
