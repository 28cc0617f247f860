import type { DecodeResult } from '../model/packet.js';
import { decodeIpAt } from './decode-ip-packet.js';
import { hex16 } from './protocol-names.js';
import { cutHeader, skip } from './skip.js';

const PPP_NAMES: Readonly<Record<number, string>> = {
  0xc021: 'LCP', 0xc023: 'PAP', 0xc223: 'CHAP', 0x8021: 'IPCP', 0x8057: 'IPv6CP', 0x80fd: 'CCP',
  0x00fd: 'compressed datagram',
};

/**
 * A PPP frame from its protocol field (RFC 1661 §2): 0x0021 IPv4, 0x0057 IPv6. With
 * `allowHdlc` (PPP in GRE, RFC 2637 §4.4) an address/control pair 0xff 0x03 may come first
 * and the protocol may be compressed to one odd byte (RFC 1661 §6.5).
 */
export function decodePppAt(
  data: Buffer,
  p: number,
  end: number,
  depth: number,
  captured: number,
  allowHdlc: boolean,
): DecodeResult {
  if (allowHdlc && end - p >= 1 && data[p] === 0xff) {
    // 0xff is the HDLC all-stations address, never a protocol byte.
    if (end - p < 2) return cutHeader(end, captured, 'not-ip', 'PPP address/control', end - p, 2);
    if (data[p + 1] === 0x03) p += 2;
  }
  if (end - p < 1) return cutHeader(end, captured, 'not-ip', 'PPP protocol field', end - p, 2);
  let protocol: number;
  if (allowHdlc && (data[p] & 1) === 1) {
    protocol = data[p];
    p += 1;
  } else {
    if (end - p < 2) return cutHeader(end, captured, 'not-ip', 'PPP protocol field', end - p, 2);
    protocol = data.readUInt16BE(p);
    p += 2;
  }
  if (protocol === 0x0021 || protocol === 0x0057) return decodeIpAt(data, p, end, depth, captured);
  const name = PPP_NAMES[protocol];
  return skip('not-ip', `PPP protocol ${hex16(protocol)}${name === undefined ? '' : ` (${name})`}`);
}
