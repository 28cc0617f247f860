/**
 * Test helpers for the reassembly tests: packets, frame references, a collecting sink and
 * SIP messages built from real bytes.
 */
import type { Diagnostic } from '../../server/model/diagnostic.js';
import type { FrameRef } from '../../server/model/frame.js';
import type { TransportPacket } from '../../server/model/packet.js';
import type { KeepAlive } from '../../server/model/sip-message.js';
import type { SipSlice, SliceSink } from '../../server/model/sip-slice.js';

export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const PSH = 0x08;
export const ACK = 0x10;

export function ref(frame: number, tsSec = 1_700_000_000, tsNsec = 0): FrameRef {
  return { frame, tsSec, tsNsec, fileOffset: 24 + frame * 1000, recordLength: 1000 };
}

export interface Addr {
  readonly src: string;
  readonly dst: string;
  readonly sport: number;
  readonly dport: number;
}

export const A_TO_B: Addr = { src: '10.0.0.1', dst: '10.0.0.2', sport: 40000, dport: 5060 };
export const B_TO_A: Addr = { src: '10.0.0.2', dst: '10.0.0.1', sport: 5060, dport: 40000 };

export function tcp(addr: Addr, seq: number, payload: Buffer | string, flags = ACK | PSH): TransportPacket {
  return {
    kind: 'tcp',
    ip: { version: 4, src: addr.src, dst: addr.dst, protocol: 6, tunnelDepth: 0 },
    srcPort: addr.sport,
    dstPort: addr.dport,
    payload: typeof payload === 'string' ? Buffer.from(payload, 'latin1') : payload,
    tcp: { seq: seq >>> 0, ack: 0, flags },
  };
}

export function udp(addr: Addr, payload: Buffer | string): TransportPacket {
  return {
    kind: 'udp',
    ip: { version: 4, src: addr.src, dst: addr.dst, protocol: 17, tunnelDepth: 0 },
    srcPort: addr.sport,
    dstPort: addr.dport,
    payload: typeof payload === 'string' ? Buffer.from(payload, 'latin1') : payload,
  };
}

export class CollectingSink implements SliceSink {
  readonly messages: SipSlice[] = [];
  readonly keepAlives: KeepAlive[] = [];
  readonly diagnostics: Diagnostic[] = [];
  message(slice: SipSlice): void {
    this.messages.push(slice);
  }
  keepAlive(k: KeepAlive): void {
    this.keepAlives.push(k);
  }
  diagnostic(d: Diagnostic): void {
    this.diagnostics.push(d);
  }
  texts(): string[] {
    return this.messages.map((m) => m.bytes.toString('latin1'));
  }
  codes(i: number): string[] {
    return this.messages[i].notes.map((n) => n.code);
  }
}

/** A realistic SIP request (INVITE with SDP when `body` is set) or response, with Content-Length. */
export function sipRequest(n: number, body = '', method = 'INVITE'): string {
  const head =
    `${method} sip:bob${n}@example.com SIP/2.0\r\n` +
    `Via: SIP/2.0/TCP 10.0.0.1:40000;branch=z9hG4bK-${n}-a\r\n` +
    `Max-Forwards: 70\r\n` +
    `From: "Alice" <sip:alice@example.com>;tag=a${n}\r\n` +
    `To: <sip:bob${n}@example.com>\r\n` +
    `Call-ID: call-${n}@10.0.0.1\r\n` +
    `CSeq: ${n} ${method}\r\n` +
    `Contact: <sip:alice@10.0.0.1:40000;transport=tcp>\r\n` +
    (body ? 'Content-Type: application/sdp\r\n' : '') +
    `Content-Length: ${Buffer.byteLength(body, 'latin1')}\r\n\r\n`;
  return head + body;
}

export function sdp(n: number): string {
  return (
    `v=0\r\no=alice ${n} ${n} IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n` +
    `m=audio ${20000 + (n % 1000) * 2} RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n` +
    `a=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n`
  );
}

export function sipResponse(n: number, code = 200, reason = 'OK'): string {
  return (
    `SIP/2.0 ${code} ${reason}\r\n` +
    `Via: SIP/2.0/TCP 10.0.0.1:40000;branch=z9hG4bK-${n}-a\r\n` +
    `From: "Alice" <sip:alice@example.com>;tag=a${n}\r\n` +
    `To: <sip:bob${n}@example.com>;tag=b${n}\r\n` +
    `Call-ID: call-${n}@10.0.0.1\r\n` +
    `CSeq: ${n} INVITE\r\n` +
    `Content-Length: 0\r\n\r\n`
  );
}
