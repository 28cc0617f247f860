import type { DecodeResult } from '../model/packet.js';
import { decodeEthernetAt, decodeEthertypeAt } from './decode-ethernet.js';
import { decodePppAt } from './decode-ppp.js';
import { cutHeader, skip } from './skip.js';

/**
 * A GRE header at `p` (RFC 2784 with RFC 2890 key/sequence; version 1 is PPTP's enhanced
 * GRE, RFC 2637 §4.1) and what it carries. `depth` is already the inner layer's depth.
 */
export function decodeGreAt(data: Buffer, p: number, end: number, depth: number, captured: number): DecodeResult {
  if (end - p < 4) return cutHeader(end, captured, 'bad-transport-header', 'GRE header', end - p, 4);
  const flags = data.readUInt16BE(p);
  const version = flags & 0x7;
  if (version > 1) return skip('bad-transport-header', `GRE version ${version}`);
  const protocol = data.readUInt16BE(p + 2);
  const hasSequence = (flags & 0x1000) !== 0;
  // Optional fields in order: checksum+reserved (C), key (K), sequence (S), ack (A, v1 only).
  let length = 4;
  if ((flags & 0x8000) !== 0) length += 4;
  if ((flags & 0x2000) !== 0) length += 4;
  if (hasSequence) length += 4;
  if (version === 1 && (flags & 0x0080) !== 0) length += 4;
  if (end - p < length) return cutHeader(end, captured, 'bad-transport-header', 'GRE header', end - p, length);
  p += length;

  if (protocol === 0x6558) return decodeEthernetAt(data, p, end, depth, captured);
  if (protocol === 0x880b) return decodePppAt(data, p, end, depth, captured, true);
  if (protocol === 0x88be) {
    // ERSPAN type I has no header of its own (no sequence number); type II has 8 bytes.
    if (!hasSequence) return decodeEthernetAt(data, p, end, depth, captured);
    if (end - p < 8) return cutHeader(end, captured, 'bad-transport-header', 'ERSPAN II header', end - p, 8);
    return decodeEthernetAt(data, p + 8, end, depth, captured);
  }
  if (protocol === 0x22eb) {
    // ERSPAN type III: 12 bytes, then an 8-byte platform-specific subheader when O is set.
    if (end - p < 12) return cutHeader(end, captured, 'bad-transport-header', 'ERSPAN III header', end - p, 12);
    const headerLength = (data[p + 11] & 1) !== 0 ? 20 : 12;
    if (end - p < headerLength) {
      return cutHeader(end, captured, 'bad-transport-header', 'ERSPAN III header', end - p, headerLength);
    }
    return decodeEthernetAt(data, p + headerLength, end, depth, captured);
  }
  return decodeEthertypeAt(protocol, data, p, end, depth, captured);
}
