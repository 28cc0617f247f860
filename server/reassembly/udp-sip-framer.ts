import type { FrameRef } from '../model/frame.js';
import type { TransportPacket } from '../model/packet.js';
import type { FramingNote, SliceSink } from '../model/sip-slice.js';
import { CL_ABSENT, CL_INVALID, SipHeaderScanner } from './sip-header-scanner.js';
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
 *     └ skipped,   └──────────── the slice ───────────┘  └ dropped, noted `udp-extra-bytes`
 *       noted `udp-leading-crlf`
 *
 * A body shorter than Content-Length should be discarded by a UA (§18.3); an analyzer keeps the
 * message and notes `udp-body-short`. A datagram of only CR/LF bytes is a keep-alive: RFC 5626
 * §4.4.1 uses STUN on UDP, but CRLF pings are common in the field.
 */
export class UdpSipFramer {
  readonly stats: UdpSipStats = { datagrams: 0, messages: 0, keepAlives: 0, notSip: 0, tls: 0 };
  private readonly scanner = new SipHeaderScanner();

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

    let notes: FramingNote[] | null = null;
    if (p > 0) {
      notes = [{ code: 'udp-leading-crlf', message: `${p} CR/LF bytes before the start line were skipped` }];
    }
    let msgEnd = n;
    const scanner = this.scanner;
    scanner.reset(lineEnd);
    const headersEnd = scanner.scan(b, n);
    if (headersEnd < 0) {
      (notes ??= []).push({
        code: 'udp-headers-unterminated',
        message: 'the datagram ends before the empty line that ends the header section',
      });
    } else {
      const cl = scanner.contentLength;
      const avail = n - headersEnd;
      if (cl === CL_INVALID) {
        (notes ??= []).push({ code: 'cl-invalid', message: 'Content-Length is not a number; the body runs to the end of the datagram' });
      } else if (cl !== CL_ABSENT && cl < avail) {
        msgEnd = headersEnd + cl;
        (notes ??= []).push({
          code: 'udp-extra-bytes',
          message: `${avail - cl} bytes after the ${cl}-byte body (Content-Length) were dropped`,
        });
      } else if (cl !== CL_ABSENT && cl > avail) {
        (notes ??= []).push({
          code: 'udp-body-short',
          message: `Content-Length is ${cl} but the datagram holds only ${avail} body bytes`,
        });
      }
      if (scanner.conflict) {
        (notes ??= []).push({ code: 'cl-conflict', message: 'several Content-Length headers disagree; the first was used' });
      }
    }

    // Ownership boundary: the payload is a view into the reader's chunk.
    const bytes = Buffer.allocUnsafe(msgEnd - p);
    b.copy(bytes, 0, p, msgEnd);
    const src = { ip: pkt.ip.src, port: pkt.srcPort };
    const dst = { ip: pkt.ip.dst, port: pkt.dstPort };
    this.stats.messages++;
    this.sink.message({
      bytes,
      origin: sliceOrigin(lastFrame(frames), src, dst, 'UDP', frames.slice()),
      notes: notes ?? NO_NOTES,
    });
    return 'sip';
  }
}
