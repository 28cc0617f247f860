import type { FrameRef } from '../model/frame.js';
import type { TransportPacket } from '../model/packet.js';
import type { FramingNote, SliceSink } from '../model/sip-slice.js';
import type { FrameVerdict } from './sip-frame-verdict.js';
import { lastFrame, NO_NOTES, sliceOrigin } from './sip-slice-origin.js';
import { looksLikeDtls, looksLikeTls, startLineEnd } from './sip-start-line.js';

const CR = 0x0d;
const LF = 0x0a;

export interface UdpSipStats {
  datagrams: number;
  messages: number;
  keepAlives: number;
  notSip: number;
  tls: number;
}

/**
 * Frames SIP off UDP datagrams. RFC 3261 §18.3: on a datagram transport each datagram carries
 * exactly one message; Content-Length is optional and, when absent, the body runs to the end
 * of the datagram (§20.14).
 *
 *   [CRLF…] start-line headers CRLF CRLF body [extra bytes]
 *     └ skipped,   └──────────── the slice ──────────────────┘
 *       noted `udp-leading-crlf`
 *
 * The slice is the whole datagram from the start line: the Content-Length check (extra bytes,
 * a short body) needs the header section, which the parser reads anyway, so it is done once,
 * after parsing, by `udpContentLengthCheck`. A datagram of only CR/LF bytes is a keep-alive:
 * RFC 5626 §4.4.1 uses STUN on UDP, but CRLF pings are common in the field.
 */
export class UdpSipFramer {
  readonly stats: UdpSipStats = { datagrams: 0, messages: 0, keepAlives: 0, notSip: 0, tls: 0 };

  constructor(private readonly sink: SliceSink) {}

  push(pkt: TransportPacket, frames: readonly FrameRef[]): FrameVerdict {
    const b = pkt.payload;
    const n = b.length;
    this.stats.datagrams++;
    if (n === 0) return 'empty';
    let p = 0;
    let lfs = 0;
    while (p < n && (b[p] === CR || b[p] === LF)) {
      if (b[p] === LF) lfs++;
      p++;
    }
    if (p === n && lfs > 0) {
      this.stats.keepAlives++;
      this.sink.keepAlive({
        kind: lfs >= 2 ? 'ping' : 'pong',
        frame: lastFrame(frames).frame,
        src: { ip: pkt.ip.src, port: pkt.srcPort },
        dst: { ip: pkt.ip.dst, port: pkt.dstPort },
        transport: 'UDP',
      });
      return 'keepalive';
    }
    const lineEnd = p < n ? startLineEnd(b, p, n) : -1;
    if (lineEnd < 0) {
      if (looksLikeTls(b, 0) || looksLikeDtls(b, 0)) {
        this.stats.tls++;
        return 'tls';
      }
      this.stats.notSip++;
      return 'not-sip';
    }

    const notes: readonly FramingNote[] =
      p > 0 ? [{ code: 'udp-leading-crlf', message: `${p} CR/LF bytes before the start line were skipped` }] : NO_NOTES;
    const msgEnd = n;
    // Ownership boundary: the payload is a view into the reader's chunk.
    const bytes = Buffer.allocUnsafe(msgEnd - p);
    b.copy(bytes, 0, p, msgEnd);
    const src = { ip: pkt.ip.src, port: pkt.srcPort };
    const dst = { ip: pkt.ip.dst, port: pkt.dstPort };
    this.stats.messages++;
    this.sink.message({
      bytes,
      origin: sliceOrigin(lastFrame(frames), src, dst, 'UDP', frames.slice()),
      notes,
    });
    return 'sip';
  }
}

export interface UdpLengthCheck {
  /** Where the message ends in the datagram bytes. */
  readonly end: number;
  readonly note: FramingNote | undefined;
}

/**
 * RFC 3261 §18.3 on a datagram, given what the parser found (Content-Length, where the body
 * starts, the datagram's length): bytes after the Content-Length body are not part of the
 * message (noted `udp-extra-bytes`, and the message ends before them); a body shorter than
 * Content-Length should make a UA discard the message — an analyzer keeps it, noted
 * `udp-body-short`. No Content-Length: the body runs to the end of the datagram (§20.14).
 */
export function udpContentLengthCheck(contentLength: number | undefined, bodyOffset: number, length: number): UdpLengthCheck {
  if (contentLength === undefined || bodyOffset > length) return { end: length, note: undefined };
  const avail = length - bodyOffset;
  if (contentLength < avail) {
    return {
      end: bodyOffset + contentLength,
      note: { code: 'udp-extra-bytes', message: `${avail - contentLength} bytes after the ${contentLength}-byte body (Content-Length) were dropped` },
    };
  }
  if (contentLength > avail) {
    return { end: length, note: { code: 'udp-body-short', message: `Content-Length is ${contentLength} but the datagram holds only ${avail} body bytes` } };
  }
  return { end: length, note: undefined };
}
