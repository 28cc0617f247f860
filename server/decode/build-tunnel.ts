import { buildIpPacket } from './build-ip.js';

export interface GreOptions {
  src: string;
  dst: string;
  /** The carried protocol's ethertype: 0x0800, 0x86dd, 0x6558 (Ethernet), 0x880b (PPP), 0x88be, 0x22eb. */
  protocol: number;
  payload: Buffer;
  key?: number;
  sequence?: number;
  /** Enhanced GRE (PPTP, RFC 2637 §4.1): version 1, key = payload length + call id. */
  pptpCallId?: number;
}

/** An IP packet (family of `src`) carrying GRE (IP protocol 47, RFC 2784/2890). */
export function buildGre(o: GreOptions): Buffer {
  const pptp = o.pptpCallId !== undefined;
  const hasKey = pptp || o.key !== undefined;
  const hasSeq = o.sequence !== undefined;
  const header = Buffer.alloc(4 + (hasKey ? 4 : 0) + (hasSeq ? 4 : 0));
  header.writeUInt16BE((hasKey ? 0x2000 : 0) | (hasSeq ? 0x1000 : 0) | (pptp ? 1 : 0), 0);
  header.writeUInt16BE(o.protocol, 2);
  let p = 4;
  if (hasKey) {
    if (pptp) {
      header.writeUInt16BE(o.payload.length, p);
      header.writeUInt16BE(o.pptpCallId ?? 0, p + 2);
    } else {
      header.writeUInt32BE(o.key ?? 0, p);
    }
    p += 4;
  }
  if (hasSeq) header.writeUInt32BE(o.sequence ?? 0, p);
  return buildIpPacket({ src: o.src, dst: o.dst, protocol: 47, payload: Buffer.concat([header, o.payload]) });
}

/** ERSPAN type II (8 bytes) or III (12 bytes) header around a mirrored Ethernet frame. */
export function buildErspan(frame: Buffer, o: { type: 2 | 3; session?: number }): Buffer {
  const header = Buffer.alloc(o.type === 2 ? 8 : 12);
  header.writeUInt16BE(o.type === 2 ? 0x1000 : 0x2000, 0);
  header.writeUInt16BE((o.session ?? 1) & 0x3ff, 2);
  return Buffer.concat([header, frame]);
}

/** PPP frame: protocol 0x0021 (IPv4) or 0x0057 (IPv6), optionally with HDLC address/control. */
export function buildPpp(packet: Buffer, o: { hdlc?: boolean } = {}): Buffer {
  const head = Buffer.from(o.hdlc ? [0xff, 0x03, 0, 0] : [0, 0]);
  head.writeUInt16BE(packet[0] >> 4 === 6 ? 0x0057 : 0x0021, head.length - 2);
  return Buffer.concat([head, packet]);
}

/** PPPoE session stage payload (ethertype 0x8864, RFC 2516 §4) carrying a PPP frame. */
export function buildPppoeSession(packet: Buffer, o: { sessionId?: number } = {}): Buffer {
  const ppp = buildPpp(packet);
  const header = Buffer.alloc(6);
  header[0] = 0x11;
  header.writeUInt16BE(o.sessionId ?? 1, 2);
  header.writeUInt16BE(ppp.length, 4);
  return Buffer.concat([header, ppp]);
}
