import type { DecodeResult } from '../model/packet.js';
import { decodeIpAt } from './decode-ip-packet.js';
import { decodePppAt } from './decode-ppp.js';
import { describeEthertype, hex16 } from './protocol-names.js';
import { cutHeader, skip } from './skip.js';

/** VLAN tags accepted in one stack before the frame is given up on. */
export const MAX_VLAN_TAGS = 8;

const ETHERNET_HEADER = 14;

/** An Ethernet II / 802.3 frame at `p` (destination, source, type or length). */
export function decodeEthernetAt(data: Buffer, p: number, end: number, depth: number, captured: number): DecodeResult {
  if (end - p < ETHERNET_HEADER) {
    return cutHeader(end, captured, 'not-ip', 'Ethernet header', end - p, ETHERNET_HEADER);
  }
  return decodeEthertypeAt(data.readUInt16BE(p + 12), data, p + ETHERNET_HEADER, end, depth, captured);
}

/**
 * What follows an ethertype (Ethernet, SLL, SLL2, GRE): IP, any stack of VLAN tags
 * (802.1Q 0x8100, 802.1ad 0x88a8, the pre-standard QinQ 0x9100/0x9200), PPPoE session,
 * or an 802.3 length with an LLC/SNAP header.
 */
export function decodeEthertypeAt(
  type: number,
  data: Buffer,
  p: number,
  end: number,
  depth: number,
  captured: number,
): DecodeResult {
  let tags = 0;
  for (;;) {
    if (type === 0x0800 || type === 0x86dd) return decodeIpAt(data, p, end, depth, captured);
    if (type === 0x8100 || type === 0x88a8 || type === 0x9100 || type === 0x9200) {
      // IEEE 802.1Q §9.6: a tag is TCI (PCP, DEI, VID) then the next type.
      if (++tags > MAX_VLAN_TAGS) return skip('not-ip', `more than ${MAX_VLAN_TAGS} VLAN tags`);
      if (end - p < 4) return cutHeader(end, captured, 'not-ip', 'VLAN tag', end - p, 4);
      type = data.readUInt16BE(p + 2);
      p += 4;
      continue;
    }
    if (type <= 1500) {
      // IEEE 802.3 length field: only LLC/SNAP (AA AA 03, OUI, type) carries an ethertype.
      if (end - p >= 8 && data[p] === 0xaa && data[p + 1] === 0xaa && data[p + 2] === 0x03) {
        type = data.readUInt16BE(p + 6);
        p += 8;
        if (type > 1500) continue;
      }
      return skip('not-ip', `802.3 frame with length ${type} (LLC)`);
    }
    if (type === 0x8864) return decodePppoeAt(data, p, end, depth, captured);
    return skip('not-ip', describeEthertype(type));
  }
}

/** RFC 2516 §4: PPPoE session stage: ver/type, code 0, session id, length, then PPP. */
function decodePppoeAt(data: Buffer, p: number, end: number, depth: number, captured: number): DecodeResult {
  if (end - p < 6) return cutHeader(end, captured, 'not-ip', 'PPPoE header', end - p, 6);
  if (data[p] !== 0x11 || data[p + 1] !== 0) {
    return skip('not-ip', `PPPoE session ver/type ${hex16(data[p])} code ${hex16(data[p + 1])}`);
  }
  const length = data.readUInt16BE(p + 4);
  const payloadEnd = p + 6 + length < end ? p + 6 + length : end;
  return decodePppAt(data, p + 6, payloadEnd, depth, captured, false);
}
