import { TcpFlag, buildTcp } from '../../server/decode/frame-builder.js';

/**
 * Both directions of one TCP connection, keeping sequence and acknowledgement numbers right,
 * so generated captures look like real TCP to tshark and to our reassembler.
 */
export class TcpConversation {
  private seqA: number;
  private seqB: number;

  constructor(
    readonly a: { ip: string; port: number },
    readonly b: { ip: string; port: number },
    isnA = 1000,
    isnB = 5000,
  ) {
    this.seqA = isnA >>> 0;
    this.seqB = isnB >>> 0;
  }

  /** SYN, SYN-ACK, ACK (each consumes one sequence number where RFC 9293 says so). */
  handshake(): Buffer[] {
    const syn = this.segment(true, '', TcpFlag.SYN);
    this.seqA = (this.seqA + 1) >>> 0;
    const synAck = this.segment(false, '', TcpFlag.SYN | TcpFlag.ACK);
    this.seqB = (this.seqB + 1) >>> 0;
    const ack = this.segment(true, '', TcpFlag.ACK);
    return [syn, synAck, ack];
  }

  /** Data from a (true) or b (false), cut into segments of at most `mss` bytes. */
  send(fromA: boolean, data: Buffer | string, mss = 1460): Buffer[] {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    const out: Buffer[] = [];
    for (let off = 0; off < bytes.length; off += mss) {
      const chunk = bytes.subarray(off, off + mss);
      out.push(this.segment(fromA, chunk, TcpFlag.ACK | TcpFlag.PSH));
      if (fromA) this.seqA = (this.seqA + chunk.length) >>> 0;
      else this.seqB = (this.seqB + chunk.length) >>> 0;
    }
    return out;
  }

  /** Skip `n` bytes of a's or b's stream without sending them (a capture that missed a segment). */
  lose(fromA: boolean, n: number): void {
    if (fromA) this.seqA = (this.seqA + n) >>> 0;
    else this.seqB = (this.seqB + n) >>> 0;
  }

  /** A pure ACK. */
  ack(fromA: boolean): Buffer {
    return this.segment(fromA, '', TcpFlag.ACK);
  }

  private segment(fromA: boolean, payload: Buffer | string, flags: number): Buffer {
    const [src, dst] = fromA ? [this.a, this.b] : [this.b, this.a];
    return buildTcp({
      src: src.ip,
      dst: dst.ip,
      srcPort: src.port,
      dstPort: dst.port,
      seq: fromA ? this.seqA : this.seqB,
      ack: fromA ? this.seqB : this.seqA,
      flags,
      payload,
    });
  }
}
