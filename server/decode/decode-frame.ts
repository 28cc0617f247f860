import { LinkType } from '../capture/link-types.js';
import type { DecodeResult } from '../model/packet.js';
import { decodeEthernetAt, decodeEthertypeAt } from './decode-ethernet.js';
import { decodeIpAt } from './decode-ip-packet.js';
import { describeLinkType } from './protocol-names.js';
import { cutHeader, skip } from './skip.js';

const SLL_HEADER = 16;
const SLL2_HEADER = 20;

/**
 * One captured frame → the innermost UDP/TCP payload, an IP fragment, or the reason it has
 * none. Pure, never throws; payloads are views into `data`. A frame the snaplen cut inside
 * its payload still yields the bytes present (shorter than the IP length says); only a cut
 * inside a header makes it 'truncated'.
 */
export function decodeFrame(linkType: number, data: Buffer): DecodeResult {
  const end = data.length;
  switch (linkType) {
    case LinkType.ETHERNET:
      return decodeEthernetAt(data, 0, end, 0, end);
    case LinkType.RAW:
    case LinkType.RAW_BSD:
    case LinkType.RAW_OPENBSD:
    case LinkType.IPV4:
    case LinkType.IPV6:
      // The version nibble decides; LINKTYPE_IPV4/IPV6 are RAW with a promise attached.
      return decodeIpAt(data, 0, end, 0, end);
    case LinkType.LINUX_SLL:
      // Linux cooked v1: packet type, ARPHRD type, address length, 8 address bytes, protocol.
      if (end < SLL_HEADER) return cutHeader(end, end, 'not-ip', 'Linux SLL header', end, SLL_HEADER);
      return decodeEthertypeAt(data.readUInt16BE(14), data, SLL_HEADER, end, 0, end);
    case LinkType.LINUX_SLL2:
      // Linux cooked v2: protocol first, then reserved, ifindex, ARPHRD type, packet type, address.
      if (end < SLL2_HEADER) return cutHeader(end, end, 'not-ip', 'Linux SLL2 header', end, SLL2_HEADER);
      return decodeEthertypeAt(data.readUInt16BE(0), data, SLL2_HEADER, end, 0, end);
    case LinkType.NULL:
    case LinkType.LOOP:
      return decodeLoopback(linkType, data);
    default:
      return skip('unknown-link-type', describeLinkType(linkType));
  }
}

/**
 * BSD loopback: a 4-byte address family, in the capturing host's byte order for NULL and in
 * network order for LOOP. NULL files move between hosts, so a value that only makes sense
 * byte-swapped (upper half set) is swapped. AF_INET is 2 everywhere; AF_INET6 is 24
 * (NetBSD, OpenBSD, BSD/OS), 28 (FreeBSD, DragonFly), 30 (macOS) — and 10 on Linux.
 */
function decodeLoopback(linkType: number, data: Buffer): DecodeResult {
  const end = data.length;
  if (end < 4) return cutHeader(end, end, 'not-ip', 'loopback header', end, 4);
  let family = linkType === LinkType.LOOP ? data.readUInt32BE(0) : data.readUInt32LE(0);
  if (family > 0xffff) family = linkType === LinkType.LOOP ? data.readUInt32LE(0) : data.readUInt32BE(0);
  if (family === 2 || family === 24 || family === 28 || family === 30 || family === 10) {
    return decodeIpAt(data, 4, end, 0, end);
  }
  return skip('not-ip', `loopback address family ${family}`);
}
