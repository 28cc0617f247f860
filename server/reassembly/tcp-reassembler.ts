import type { FrameRef } from '../model/frame.js';
import type { TransportPacket } from '../model/packet.js';
import type { SliceSink } from '../model/sip-slice.js';
import type { FrameVerdict } from './sip-frame-verdict.js';
import { NO_FRAME } from './sip-slice-origin.js';
import { TcpStream } from './tcp-stream.js';
import { emptyTcpStats, type TcpStats } from './tcp-stats.js';

export type { FrameVerdict } from './sip-frame-verdict.js';

const SYN = 0x02;
const RST = 0x04;

export interface TcpReassemblerOptions {
  /** Directional streams tracked at once; beyond it the least recently seen are evicted. */
  maxFlows?: number;
  /** Out-of-order bytes held per stream before the hole is declared missing. */
  maxFlowBytes?: number;
  /** Out-of-order bytes held over all streams. */
  maxTotalBytes?: number;
  /** Out-of-order segments held per stream. */
  maxSegments?: number;
  /** Capture seconds a hole may stay open. */
  gapTimeoutSec?: number;
  /** Capture seconds without a segment after which an open stream is evicted. */
  idleTimeoutSec?: number;
}

/** A closed stream is kept this long (capture seconds) so that late retransmissions are recognised. */
const CLOSED_LINGER_SEC = 30;

/**
 * TCP reassembly for SIP: a table of directional streams (src ip/port → dst ip/port), each
 * ordering its segments and framing SIP messages off the in-order bytes (tcp-stream.ts,
 * sip-stream-framer.ts). Frames are pushed synchronously; messages, keep-alives and
 * diagnostics go to the sink while the frame is being processed.
 *
 * Memory is bounded: streams (maxFlows, idle eviction), held out-of-order bytes per stream
 * and overall, and the framer's header/body bounds. What is dropped is counted in `stats`.
 */
export class TcpReassembler {
  readonly stats: TcpStats = emptyTcpStats();

  private readonly flows = new Map<string, TcpStream>();
  private readonly maxFlows: number;
  private readonly maxTotalBytes: number;
  private readonly idleTimeoutSec: number;
  private readonly gapTimeoutSec: number;
  private readonly streamLimits: { maxFlowBytes: number; maxSegments: number; gapTimeoutSec: number };
  /** Out-of-order bytes held over all streams. */
  private totalHeld = 0;
  /** Streams that hold bytes of frames not yet delivered (see oldestPendingFrame). */
  private readonly pending = new Set<TcpStream>();
  // One-entry lookup cache: segments of one stream tend to come in runs.
  private cacheStream: TcpStream | null = null;
  private cacheSrc = '';
  private cacheDst = '';
  private cachePorts = -1;

  constructor(
    private readonly sink: SliceSink,
    opts: TcpReassemblerOptions = {},
  ) {
    this.maxFlows = opts.maxFlows ?? 100_000;
    this.maxTotalBytes = opts.maxTotalBytes ?? 256 * 1024 * 1024;
    this.idleTimeoutSec = opts.idleTimeoutSec ?? 600;
    this.gapTimeoutSec = opts.gapTimeoutSec ?? 2;
    this.streamLimits = {
      maxFlowBytes: opts.maxFlowBytes ?? 1024 * 1024,
      maxSegments: opts.maxSegments ?? 64,
      gapTimeoutSec: this.gapTimeoutSec,
    };
  }

  /** Streams currently tracked. */
  get activeFlows(): number {
    return this.flows.size;
  }

  push(pkt: TransportPacket, frames: readonly FrameRef[]): FrameVerdict {
    const tcp = pkt.tcp;
    if (pkt.kind !== 'tcp' || tcp === undefined) return 'not-sip';
    const refs = frames.length > 0 ? frames : [NO_FRAME];
    const completing = refs[refs.length - 1];
    const now = completing.tsSec + completing.tsNsec / 1e9;
    const payload = pkt.payload;
    this.stats.segments++;

    const ports = pkt.srcPort * 65536 + pkt.dstPort;
    let st: TcpStream | undefined;
    let key = '';
    if (this.cacheStream !== null && this.cachePorts === ports && this.cacheSrc === pkt.ip.src && this.cacheDst === pkt.ip.dst) {
      st = this.cacheStream;
    } else {
      key = flowKey(pkt.ip.src, pkt.srcPort, pkt.ip.dst, pkt.dstPort);
      st = this.flows.get(key);
    }

    if (tcp.flags & RST) return this.reset(pkt, st, key);

    if (st === undefined) {
      // A pure ACK or a FIN of a stream never seen carries nothing to frame.
      if (payload.length === 0 && !(tcp.flags & SYN)) return 'empty';
      st = this.create(key, pkt, now);
    } else if (tcp.flags & SYN && st.isNewConnection(tcp.seq)) {
      this.finishStream(st, 'new connection');
      if (key === '') key = flowKey(pkt.ip.src, pkt.srcPort, pkt.ip.dst, pkt.dstPort);
      this.flows.delete(key);
      st = this.create(key, pkt, now);
    }
    if (st !== this.cacheStream) {
      this.cacheStream = st;
      this.cacheSrc = pkt.ip.src;
      this.cacheDst = pkt.ip.dst;
      this.cachePorts = ports;
    }

    const f = st.framer;
    const messages = f.messages;
    const keepAlives = f.keepAlives;
    const skipped = f.bytesSkipped;
    const held = st.heldBytes;
    const outcome = st.segment(tcp, payload, refs, now);
    this.totalHeld += st.heldBytes - held;
    if (st.pendingFrame() !== Infinity) this.pending.add(st);
    else this.pending.delete(st);
    if (this.totalHeld > this.maxTotalBytes) this.shed();

    if (f.messages > messages) return 'sip';
    if (f.keepAlives > keepAlives) return 'keepalive';
    if (payload.length === 0) return 'empty';
    if (outcome === 'retransmission') return 'retransmission';
    if (f.cls === 'tls') return 'tls';
    if (f.cls === 'not-sip') return 'not-sip';
    if (f.bytesSkipped > skipped && !f.hasPending) return 'not-sip';
    return 'pending';
  }

  /**
   * The oldest frame any stream still holds bytes of (Infinity when none): every message this
   * reassembler delivers from now on completes in this frame or a later one. The session
   * holds back output of later frames until then, so messages come out in frame order even
   * when a gap or the end of the capture releases a message late.
   */
  oldestPendingFrame(): number {
    let min = Infinity;
    for (const st of this.pending) {
      const f = st.pendingFrame();
      if (f === Infinity) this.pending.delete(st);
      else if (f < min) min = f;
    }
    return min;
  }

  /**
   * Housekeeping at capture time `nowSec`: holes older than the gap timeout are declared
   * missing; streams idle longer than the idle timeout are finished and dropped (counted).
   */
  evict(nowSec: number): void {
    for (const [key, st] of this.flows) {
      const idle = nowSec - st.lastSeen;
      if (st.closed) {
        if (idle > CLOSED_LINGER_SEC) this.drop(key, st);
      } else if (idle > this.idleTimeoutSec) {
        this.finishStream(st, 'flow eviction');
        this.stats.evictedFlows++;
        this.drop(key, st);
      } else if (st.hasHole && nowSec - st.holeSince > this.gapTimeoutSec) {
        const held = st.heldBytes;
        st.expire(nowSec);
        this.totalHeld += st.heldBytes - held;
      }
    }
  }

  /** End of capture: declares remaining holes, delivers what is held and every partial message. */
  flush(): void {
    for (const st of this.flows.values()) this.finishStream(st, 'end of capture');
    this.flows.clear();
    this.pending.clear();
    this.cacheStream = null;
    this.totalHeld = 0;
  }

  // ---------------------------------------------------------------------------------------------

  private create(key: string, pkt: TransportPacket, now: number): TcpStream {
    if (this.flows.size >= this.maxFlows) this.evictOldest();
    const k = key !== '' ? key : flowKey(pkt.ip.src, pkt.srcPort, pkt.ip.dst, pkt.dstPort);
    const st = new TcpStream(
      this.sink,
      { ip: pkt.ip.src, port: pkt.srcPort },
      { ip: pkt.ip.dst, port: pkt.dstPort },
      this.stats,
      this.streamLimits,
      now,
    );
    this.flows.set(k, st);
    this.stats.flows++;
    return st;
  }

  /** The table is full: the least recently seen eighth of the streams goes (counted). */
  private evictOldest(): void {
    const all = [...this.flows.entries()].sort((a, b) => a[1].lastSeen - b[1].lastSeen);
    const n = Math.max(1, all.length >> 3);
    for (let i = 0; i < n; i++) {
      const [key, st] = all[i];
      if (!st.closed) {
        this.finishStream(st, 'flow eviction');
        this.stats.evictedFlows++;
      }
      this.drop(key, st);
    }
  }

  /** RST (RFC 9293 §3.10.7): the connection is gone both ways; deliver what is held, drop it. */
  private reset(pkt: TransportPacket, st: TcpStream | undefined, key: string): FrameVerdict {
    let delivered = 0;
    const k = key !== '' ? key : flowKey(pkt.ip.src, pkt.srcPort, pkt.ip.dst, pkt.dstPort);
    const back = flowKey(pkt.ip.dst, pkt.dstPort, pkt.ip.src, pkt.srcPort);
    for (const [kk, s] of [
      [k, st ?? this.flows.get(k)],
      [back, this.flows.get(back)],
    ] as const) {
      if (s === undefined) continue;
      const before = s.framer.messages;
      this.finishStream(s, 'connection reset (RST)');
      delivered += s.framer.messages - before;
      this.drop(kk, s);
    }
    return delivered > 0 ? 'sip' : 'empty';
  }

  private finishStream(st: TcpStream, why: Parameters<TcpStream['finish']>[0]): void {
    const held = st.heldBytes;
    st.finish(why);
    this.totalHeld += st.heldBytes - held;
  }

  private drop(key: string, st: TcpStream): void {
    this.totalHeld -= st.heldBytes;
    this.flows.delete(key);
    this.pending.delete(st);
    if (this.cacheStream === st) this.cacheStream = null;
  }

  /** Over the overall bound: declare holes missing, oldest streams first, until under it. */
  private shed(): void {
    for (const st of this.flows.values()) {
      while (st.hasHole && this.totalHeld > this.maxTotalBytes) {
        const held = st.heldBytes;
        st.shed();
        this.totalHeld += st.heldBytes - held;
      }
      if (this.totalHeld <= this.maxTotalBytes) return;
    }
  }
}

/** Directional flow key: RFC 9293 §3.3.2 identifies a connection by its socket pair. */
function flowKey(srcIp: string, srcPort: number, dstIp: string, dstPort: number): string {
  return `${srcIp}|${srcPort}>${dstIp}|${dstPort}`;
}
