import type { DecodeResult, IpHeaderInfo } from '../model/packet.js';
import { decodeIpv6ChainAt, decodeUpperAt } from './decode-ip-packet.js';

/**
 * Decode a whole IP payload that was rebuilt from fragments, given the header of its first
 * fragment: an IPv6 payload may still start with extension headers (RFC 8200 §4.5, the
 * fragmentable part), a tunnel protocol carries another IP packet (which may itself be a
 * fragment), otherwise it is UDP/TCP. The buffer is complete, so nothing is 'truncated'.
 */
export function decodeDatagram(ip: IpHeaderInfo, payload: Buffer): DecodeResult {
  if (ip.version === 6) {
    return decodeIpv6ChainAt(ip.src, ip.dst, payload, 0, payload.length, ip.protocol, ip.tunnelDepth, Infinity);
  }
  return decodeUpperAt(ip, payload, 0, payload.length, Infinity);
}
