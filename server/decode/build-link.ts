import { FrameBuildError } from './frame-build-error.js';

/** A VLAN tag: TPID 0x8100 (802.1Q, default), 0x88a8 (802.1ad), 0x9100 (QinQ). */
export interface VlanTag {
  vid: number;
  tpid?: number;
  pcp?: number;
}

export interface EthernetOptions {
  /** Outermost first. */
  vlans?: VlanTag[];
  src?: string;
  dst?: string;
  /** Default: from the payload's IP version nibble. */
  etherType?: number;
  /** Pad to the 60-byte Ethernet minimum as a receiving NIC shows it. */
  pad?: boolean;
}

function ipEtherType(packet: Buffer): number {
  return packet[0] >> 4 === 6 ? 0x86dd : 0x0800;
}

function mac(text: string): Buffer {
  const bytes = Buffer.from(text.replace(/:/g, ''), 'hex');
  if (bytes.length !== 6) throw new FrameBuildError(`not a MAC address: ${text}`);
  return bytes;
}

/** Ethernet II around `payload`, with any stack of VLAN tags. */
export function buildEthernet(payload: Buffer, o: EthernetOptions = {}): Buffer {
  const vlans = o.vlans ?? [];
  const headerLength = 14 + 4 * vlans.length;
  const length = Math.max(headerLength + payload.length, o.pad ? 60 : 0);
  const out = Buffer.alloc(length);
  mac(o.dst ?? '00:00:5e:00:53:02').copy(out, 0);
  mac(o.src ?? '00:00:5e:00:53:01').copy(out, 6);
  let p = 12;
  for (const tag of vlans) {
    out.writeUInt16BE(tag.tpid ?? 0x8100, p);
    out.writeUInt16BE(((tag.pcp ?? 0) << 13) | (tag.vid & 0x0fff), p + 2);
    p += 4;
  }
  out.writeUInt16BE(o.etherType ?? ipEtherType(payload), p);
  payload.copy(out, headerLength);
  return out;
}

/** Linux cooked capture v1 (LINKTYPE_LINUX_SLL): 16-byte header. */
export function buildSll(payload: Buffer, o: { packetType?: number; protocol?: number } = {}): Buffer {
  const out = Buffer.alloc(16 + payload.length);
  out.writeUInt16BE(o.packetType ?? 0, 0);
  out.writeUInt16BE(1, 2); // ARPHRD_ETHER
  out.writeUInt16BE(6, 4);
  mac('00:00:5e:00:53:01').copy(out, 6);
  out.writeUInt16BE(o.protocol ?? ipEtherType(payload), 14);
  payload.copy(out, 16);
  return out;
}

/** Linux cooked capture v2 (LINKTYPE_LINUX_SLL2): 20-byte header. */
export function buildSll2(payload: Buffer, o: { packetType?: number; protocol?: number; ifIndex?: number } = {}): Buffer {
  const out = Buffer.alloc(20 + payload.length);
  out.writeUInt16BE(o.protocol ?? ipEtherType(payload), 0);
  out.writeUInt32BE(o.ifIndex ?? 1, 4);
  out.writeUInt16BE(1, 8); // ARPHRD_ETHER
  out[10] = o.packetType ?? 0;
  out[11] = 6;
  mac('00:00:5e:00:53:01').copy(out, 12);
  payload.copy(out, 20);
  return out;
}

/**
 * BSD loopback: LINKTYPE_NULL stores the family in the capturing host's byte order
 * (`bigEndian` picks it), LINKTYPE_LOOP always big-endian. IPv6 defaults to 30 (macOS).
 */
export function buildLoopback(payload: Buffer, o: { family?: number; bigEndian?: boolean } = {}): Buffer {
  const out = Buffer.alloc(4 + payload.length);
  const family = o.family ?? (payload[0] >> 4 === 6 ? 30 : 2);
  if (o.bigEndian) out.writeUInt32BE(family, 0);
  else out.writeUInt32LE(family, 0);
  payload.copy(out, 4);
  return out;
}

/**
 * Wrap an IP packet for a link type: 1 Ethernet, 113 SLL, 276 SLL2, 0 NULL (little-endian
 * host), 108 LOOP, 101/12/14/228/229 raw IP.
 */
export function buildLinkFrame(linkType: number, packet: Buffer): Buffer {
  switch (linkType) {
    case 1: return buildEthernet(packet);
    case 113: return buildSll(packet);
    case 276: return buildSll2(packet);
    case 0: return buildLoopback(packet);
    case 108: return buildLoopback(packet, { bigEndian: true });
    case 12: case 14: case 101: case 228: case 229: return packet;
    default: throw new FrameBuildError(`no builder for link type ${linkType}`);
  }
}
