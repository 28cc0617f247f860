import { buildIpv4 } from './build-ip.js';
import { FrameBuildError } from './frame-build-error.js';
import { formatIpv4 } from './format-ip.js';

/**
 * Split an IPv4 packet into fragments of at most `mtu` bytes (RFC 791 §2.3, §3.2). Every
 * fragment carries a copy of the original header (and its options).
 */
export function fragmentIpv4(packet: Buffer, mtu: number): Buffer[] {
  const headerLength = (packet[0] & 0x0f) * 4;
  const totalLength = packet.readUInt16BE(2);
  const chunk = Math.floor((mtu - headerLength) / 8) * 8;
  if (chunk <= 0) throw new FrameBuildError(`MTU ${mtu} leaves no room for IPv4 fragment data`);
  const payload = packet.subarray(headerLength, totalLength);
  const fragments: Buffer[] = [];
  for (let offset = 0; offset < payload.length || offset === 0; offset += chunk) {
    fragments.push(
      buildIpv4({
        src: formatIpv4(packet, 12),
        dst: formatIpv4(packet, 16),
        protocol: packet[9],
        payload: payload.subarray(offset, offset + chunk),
        id: packet.readUInt16BE(4),
        ttl: packet[8],
        options: packet.subarray(20, headerLength),
        moreFragments: offset + chunk < payload.length,
        fragmentOffset: offset,
      }),
    );
    if (payload.length === 0) break;
  }
  return fragments;
}

/**
 * Split an IPv6 packet into fragments of at most `mtu` bytes (RFC 8200 §4.5): the
 * unfragmentable part (fixed header, Hop-by-Hop, Routing and Destination Options before a
 * Routing header) is repeated, followed by a Fragment header and a slice of the rest.
 */
export function fragmentIpv6(packet: Buffer, mtu: number, id: number): Buffer[] {
  // Find where the unfragmentable part ends and which byte holds the next-header value
  // that must become 44.
  let nextAt = 6;
  let p = 40;
  const end = 40 + packet.readUInt16BE(4);
  for (;;) {
    const next = packet[nextAt];
    const routingFollows = next === 60 && packet[p] === 43;
    if (next !== 0 && next !== 43 && !routingFollows) break;
    nextAt = p;
    p += (packet[p + 1] + 1) * 8;
  }
  const unfragmentable = packet.subarray(0, p);
  const fragmentable = packet.subarray(p, end);
  const chunk = Math.floor((mtu - p - 8) / 8) * 8;
  if (chunk <= 0) throw new FrameBuildError(`MTU ${mtu} leaves no room for IPv6 fragment data`);
  const fragments: Buffer[] = [];
  for (let offset = 0; offset < fragmentable.length; offset += chunk) {
    const data = fragmentable.subarray(offset, offset + chunk);
    const out = Buffer.alloc(p + 8 + data.length);
    unfragmentable.copy(out);
    out[nextAt] = 44;
    out.writeUInt16BE(out.length - 40, 4);
    out[p] = packet[nextAt];
    out.writeUInt16BE(offset | (offset + chunk < fragmentable.length ? 1 : 0), p + 2);
    out.writeUInt32BE(id >>> 0, p + 4);
    data.copy(out, p + 8);
    fragments.push(out);
  }
  return fragments;
}
