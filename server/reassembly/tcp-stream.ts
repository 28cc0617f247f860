import type { FrameRef } from '../model/frame.js';
import type { TcpInfo } from '../model/packet.js';
import type { Endpoint } from '../model/sip-message.js';
import type { SliceSink } from '../model/sip-slice.js';
import { NO_FRAME } from './sip-slice-origin.js';
import { SipStreamFramer, type StreamEnd } from './sip-stream-framer.js';
import { seqAdd, seqDiff } from './tcp-seq.js';
import type { TcpStats } from './tcp-stats.js';

const FIN = 0x01;
const SYN = 0x02;

/**
 * A segment this far (either way) from the expected sequence number is not part of this byte
 * stream any more (a new connection on the same ports whose SYN was not captured, or garbage):
 * the stream restarts there.
 */
const SEQ_JUMP = 64 * 1024 * 1024;

export interface TcpStreamLimits {
  /** Out-of-order bytes held before the hole in front of them is declared missing. */
  readonly maxFlowBytes: number;
  /** Out-of-order segments held before the hole is declared missing. */
  readonly maxSegments: number;
  /** Capture seconds a hole may stay open before it is declared missing. */
  readonly gapTimeoutSec: number;
}

/** Bytes received out of order, waiting for the hole before them. Owned copies. */
interface HeldSegment {
  readonly seq: number;
  readonly data: Buffer;
  readonly frames: readonly FrameRef[];
}

export type SegmentOutcome = 'data' | 'retransmission' | 'empty';

/**
 * One direction of a TCP connection: puts segments in sequence order and feeds the in-order
 * bytes to the SIP stream framer.
 *
 *   nextSeq ─┐        hole          held (sorted, non-overlapping)
 *   ═════════╪ · · · · · · · · · ·[seg]··[seg][seg]
 *   delivered│
 *
 * - Sequence numbers are compared modulo 2^32 (tcp-seq.ts), so a stream may wrap.
 * - No SYN seen: the first data segment sets the position (capture started mid-connection).
 *   SYN: data starts at ISN+1 (RFC 9293 §3.4).
 * - Overlaps: bytes that arrived first win; later bytes covering them are dropped, and counted
 *   as differing when they are not the same (RFC 9293 §3.10.7.4 lets a receiver keep either;
 *   first-wins matches what the receiving application most likely saw and cannot be rewritten
 *   by a later injected segment).
 * - A hole is declared missing (tcp-gap) when held bytes or segments exceed their bounds, when it
 *   has been open longer than gapTimeoutSec of capture time, and at the end (flush/evict/RST).
 *   A FIN with a hole before it closes the stream once the hole fills or expires: reordering
 *   around a FIN is common, so the FIN alone does not declare the hole.
 */
export class TcpStream {
  readonly framer: SipStreamFramer;
  /** Capture time (s) of the last segment. */
  lastSeen: number;
  /** FIN reached (or RST/end): no more data is taken. */
  closed = false;
  heldBytes = 0;
  /** Capture time (s) at which the current hole opened. */
  holeSince = 0;

  private synSeen = false;
  private isn = 0;
  private started = false;
  private nextSeq = 0;
  private held: HeldSegment[] = [];
  private finPending = false;
  private finSeq = 0;
  private lastInOrder: FrameRef = NO_FRAME;

  constructor(
    private readonly sink: SliceSink,
    readonly src: Endpoint,
    readonly dst: Endpoint,
    private readonly stats: TcpStats,
    private readonly limits: TcpStreamLimits,
    now: number,
  ) {
    this.framer = new SipStreamFramer(sink, src, dst, stats);
    this.lastSeen = now;
  }

  /** A SYN with this sequence number opens a new connection rather than repeating ours. */
  isNewConnection(seq: number): boolean {
    if (this.closed) return true;
    if (this.synSeen) return seq >>> 0 !== this.isn;
    return this.started && seqDiff(seqAdd(seq, 1), this.nextSeq) !== 0;
  }

  /**
   * The oldest frame whose bytes this direction still holds (out-of-order segments, or a
   * message begun but not complete), or Infinity: a message carrying that frame may still be
   * delivered, so messages of later frames must not be printed before it.
   */
  pendingFrame(): number {
    let min = this.framer.pendingFrame();
    for (const h of this.held) {
      const f = h.frames[0];
      if (f !== undefined && f.frame < min) min = f.frame;
    }
    return min;
  }

  get hasHole(): boolean {
    return this.held.length > 0 || (this.finPending && seqDiff(this.finSeq, this.nextSeq) > 0);
  }

  segment(tcp: TcpInfo, payload: Buffer, frames: readonly FrameRef[], now: number): SegmentOutcome {
    const completing = frames[frames.length - 1];
    this.lastSeen = now;
    let seq = tcp.seq >>> 0;
    if (tcp.flags & SYN) {
      if (!this.started) {
        this.started = true;
        this.nextSeq = seqAdd(seq, 1);
        this.lastInOrder = completing;
      }
      this.synSeen = true;
      this.isn = seq;
      seq = seqAdd(seq, 1);
    }
    if (this.closed) return payload.length > 0 ? 'retransmission' : 'empty';
    let outcome: SegmentOutcome = 'empty';
    if (payload.length > 0) {
      if (!this.started) {
        this.started = true;
        this.nextSeq = seq;
      }
      outcome = this.data(seq, payload, frames, completing, now);
    }
    if (tcp.flags & FIN && !this.finPending) {
      this.finPending = true;
      this.finSeq = seqAdd(seq, payload.length);
      if (this.started && seqDiff(this.finSeq, this.nextSeq) > 0 && this.held.length === 0) this.holeSince = now;
    }
    this.enforceBounds(completing, now);
    this.closeIfFinished();
    return outcome;
  }

  /** Declares every hole missing whose timeout has passed (called by the reassembler's evict). */
  expire(now: number): void {
    this.enforceBounds(null, now);
    this.closeIfFinished();
  }

  /** Declares the first hole missing now, whatever the bounds say (overall memory bound). */
  shed(): void {
    if (this.hasHole) this.declareGap(null, this.lastSeen);
    this.closeIfFinished();
  }

  /**
   * The stream ends (`end of capture`, eviction, RST, new connection): held data is delivered
   * past its holes and the message in progress is delivered as incomplete.
   */
  finish(why: StreamEnd): void {
    if (this.closed) return;
    while (this.hasHole) this.declareGap(null, this.lastSeen);
    this.closed = true;
    this.framer.end(why);
  }

  // ---------------------------------------------------------------------------------------------

  private data(seq: number, payload: Buffer, frames: readonly FrameRef[], completing: FrameRef, now: number): SegmentOutcome {
    let rel = seqDiff(seq, this.nextSeq);
    const len = payload.length;
    if (rel > SEQ_JUMP || rel < -SEQ_JUMP) {
      this.jump(seq, rel, completing);
      rel = 0;
    }
    if (rel + len <= 0) {
      this.stats.retransmissions++;
      return 'retransmission';
    }
    let off = 0;
    let repeated = false;
    if (rel < 0) {
      off = -rel;
      rel = 0;
      repeated = true;
    }
    if (rel === 0 && this.held.length === 0) {
      // The common case: the next bytes, nothing held. Delivered as a view.
      if (repeated) this.stats.retransmissions++;
      this.deliver(off === 0 ? payload : payload.subarray(off), frames, completing);
      return 'data';
    }
    const hadHole = this.hasHole;
    const fresh = this.hold(rel, payload, off, frames, repeated);
    if (!hadHole && this.held.length > 0 && seqDiff(this.held[0].seq, this.nextSeq) > 0) this.holeSince = now;
    this.drain(completing, now);
    return fresh > 0 ? 'data' : 'retransmission';
  }

  /** The sequence number jumped: finish what is held, then restart the stream at `seq`. */
  private jump(seq: number, rel: number, completing: FrameRef): void {
    while (this.held.length > 0) this.declareGap(completing, this.lastSeen);
    this.stats.gaps++;
    this.sink.diagnostic({
      code: 'tcp-seq-jump',
      frame: completing.frame,
      fileOffset: completing.fileOffset,
      message: `sequence number jumped by ${rel} after frame ${this.lastInOrder.frame} (${this.flowName()}); the stream restarts here`,
    });
    this.framer.gap(0, completing);
    this.nextSeq = seq;
    this.finPending = false;
  }

  /**
   * Adds payload[off..] (starting `rel` bytes after nextSeq) to the held segments, keeping only
   * bytes not already held. Returns the number of new bytes.
   */
  private hold(rel: number, payload: Buffer, off: number, frames: readonly FrameRef[], repeated: boolean): number {
    const end = rel + (payload.length - off);
    let cur = rel;
    let fresh = 0;
    let overlapped = repeated;
    let differing = false;
    const pieces: HeldSegment[] = [];
    const base = this.nextSeq;
    for (const h of this.held) {
      const hs = seqDiff(h.seq, base);
      const he = hs + h.data.length;
      if (he <= cur) continue;
      if (hs >= end) break;
      if (hs > cur) {
        pieces.push(this.piece(payload, off + (cur - rel), off + (hs - rel), seqAdd(base, cur), frames));
        fresh += hs - cur;
      }
      const os = Math.max(cur, hs);
      const oe = Math.min(end, he);
      overlapped = true;
      if (!differing && payload.compare(h.data, os - hs, oe - hs, off + (os - rel), off + (oe - rel)) !== 0) differing = true;
      cur = he;
      if (cur >= end) break;
    }
    if (cur < end) {
      pieces.push(this.piece(payload, off + (cur - rel), off + (end - rel), seqAdd(base, cur), frames));
      fresh += end - cur;
    }
    if (overlapped) this.stats.retransmissions++;
    if (differing) this.stats.overlapsDiffering++;
    if (pieces.length > 0) {
      for (const p of pieces) {
        this.held.push(p);
        this.heldBytes += p.data.length;
      }
      this.held.sort((a, b) => seqDiff(a.seq, base) - seqDiff(b.seq, base));
    }
    return fresh;
  }

  /** An owned copy of payload[s, e): held bytes outlive the reader's chunk. */
  private piece(payload: Buffer, s: number, e: number, seq: number, frames: readonly FrameRef[]): HeldSegment {
    const data = Buffer.allocUnsafe(e - s);
    payload.copy(data, 0, s, e);
    return { seq, data, frames: frames.slice() };
  }

  /** Delivers held segments that have become in order. */
  private drain(completing: FrameRef | null, now: number): void {
    let moved = false;
    while (this.held.length > 0) {
      const h = this.held[0];
      const r = seqDiff(h.seq, this.nextSeq);
      if (r > 0) break;
      this.held.shift();
      this.heldBytes -= h.data.length;
      if (r + h.data.length <= 0) continue;
      this.deliver(r < 0 ? h.data.subarray(-r) : h.data, h.frames, completing ?? h.frames[h.frames.length - 1]);
      moved = true;
    }
    // Progress restarts the clock for the next hole.
    if (moved && this.hasHole) this.holeSince = now;
  }

  private deliver(data: Buffer, frames: readonly FrameRef[], completing: FrameRef): void {
    this.nextSeq = seqAdd(this.nextSeq, data.length);
    this.lastInOrder = frames[frames.length - 1];
    this.framer.push(data, frames, completing);
  }

  private enforceBounds(completing: FrameRef | null, now: number): void {
    const l = this.limits;
    while (
      this.hasHole &&
      (this.heldBytes > l.maxFlowBytes || this.held.length > l.maxSegments || now - this.holeSince > l.gapTimeoutSec)
    ) {
      this.declareGap(completing, now);
    }
  }

  /** The bytes between nextSeq and the first held segment (or the FIN) will not come. */
  private declareGap(completing: FrameRef | null, now: number): void {
    const target = this.held.length > 0 ? this.held[0].seq : this.finSeq;
    const missing = seqDiff(target, this.nextSeq);
    const after = this.lastInOrder;
    this.stats.gaps++;
    this.stats.bytesMissing += missing;
    this.sink.diagnostic({
      code: 'tcp-gap',
      frame: after.frame,
      fileOffset: after.fileOffset,
      message: `${missing} bytes missing after frame ${after.frame} (${this.flowName()})`,
    });
    this.framer.gap(missing, completing ?? after);
    this.nextSeq = target;
    this.drain(completing, now);
  }

  private closeIfFinished(): void {
    if (this.finPending && !this.closed && this.held.length === 0 && seqDiff(this.nextSeq, this.finSeq) >= 0) {
      this.closed = true;
      this.framer.end('connection close (FIN)');
    }
  }

  private flowName(): string {
    return `${this.src.ip}:${this.src.port} → ${this.dst.ip}:${this.dst.port}`;
  }
}
