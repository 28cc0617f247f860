import type { IpHeaderInfo, SkippedFrame, TransportPacket } from '../model/packet.js';
import { describeIpProtocol } from './protocol-names.js';
import { cutHeader, skip } from './skip.js';

const UDP_HEADER = 8;
const TCP_HEADER = 20;

/**
 * UDP or TCP header at `offset`, bounded by `end` (the IP payload's end, never past the
 * captured bytes). `captured` is where the capture ended: a header cut there is 'truncated',
 * one cut by the IP length is bad. A complete header with a short payload (snaplen) still
 * yields the bytes that are there.
 */
export function decodeTransportAt(
  ip: IpHeaderInfo,
  data: Buffer,
  offset: number,
  end: number,
  captured: number,
): TransportPacket | SkippedFrame {
  const have = end - offset;
  if (ip.protocol === 17) {
    if (have < UDP_HEADER) return cutHeader(end, captured, 'bad-transport-header', 'UDP header', have, UDP_HEADER);
    // RFC 768: the length covers header and data. Trust it only when it is plausible and
    // shorter than what is present (trailing bytes beyond it are not UDP data); a length of
    // 0 (RFC 2675 jumbograms) or one larger than the bytes present falls back to them.
    const udpLength = data.readUInt16BE(offset + 4);
    const payloadEnd = udpLength >= UDP_HEADER && udpLength < have ? offset + udpLength : end;
    return {
      kind: 'udp',
      ip,
      srcPort: data.readUInt16BE(offset),
      dstPort: data.readUInt16BE(offset + 2),
      payload: data.subarray(offset + UDP_HEADER, payloadEnd),
    };
  }
  if (ip.protocol === 6) {
    if (have < TCP_HEADER) return cutHeader(end, captured, 'bad-transport-header', 'TCP header', have, TCP_HEADER);
    // RFC 9293 §3.1: Data Offset counts 32-bit words, at least 5; options follow the fixed part.
    const dataOffset = data[offset + 12] >> 4;
    if (dataOffset < 5) return skip('bad-transport-header', `TCP data offset ${dataOffset} < 5`);
    const headerLength = dataOffset * 4;
    if (have < headerLength) {
      return cutHeader(end, captured, 'bad-transport-header', 'TCP header with options', have, headerLength);
    }
    return {
      kind: 'tcp',
      ip,
      srcPort: data.readUInt16BE(offset),
      dstPort: data.readUInt16BE(offset + 2),
      payload: data.subarray(offset + headerLength, end),
      tcp: {
        seq: data.readUInt32BE(offset + 4),
        ack: data.readUInt32BE(offset + 8),
        flags: data[offset + 13],
      },
    };
  }
  if (ip.protocol === 50) return skip('other-transport', 'ESP (encrypted)');
  return skip('other-transport', describeIpProtocol(ip.protocol));
}

/**
 * UDP/TCP header parse on a whole datagram payload, e.g. one the IP defragmenter rebuilt.
 * The payload is complete by construction, so a short header is 'bad-transport-header'.
 */
export function decodeTransport(ip: IpHeaderInfo, payload: Buffer): TransportPacket | SkippedFrame {
  return decodeTransportAt(ip, payload, 0, payload.length, Number.POSITIVE_INFINITY);
}
