import { decodeDatagram } from '../decode/decode-datagram.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { FrameRef, RawFrame } from '../model/frame.js';
import type { IpFragment, IpHeaderInfo, SkippedFrame, TransportPacket } from '../model/packet.js';

export interface DefragResult {
  packet: TransportPacket | SkippedFrame;
  /** Every fragment's frame, in arrival order; the last one completed the datagram. */
  frames: FrameRef[];
}

export interface IpDefragmenterOptions {
  /** Seconds a datagram may wait for its missing fragments (Linux ipfrag_time: 30). */
  timeoutSec?: number;
  maxDatagrams?: number;
  /** Fragment bytes held across all pending datagrams. */
  maxBytes?: number;
}

/** The largest IP payload a 16-bit length field allows after a minimal header. */
const MAX_DATAGRAM_PAYLOAD = 65535;

/** One stored, non-overlapping slice of a datagram's payload. */
interface Piece {
  offset: number;
  data: Buffer;
}

interface Pending {
  readonly key: string;
  /** Header of the first fragment that arrived (all fragments share the key fields). */
  readonly ip: IpHeaderInfo;
  readonly id: number;
  readonly firstSec: number;
  readonly frames: FrameRef[];
  /** Sorted by offset, never overlapping. */
  readonly pieces: Piece[];
  /** Payload length, known once the fragment without More Fragments has arrived. */
  total: number | undefined;
  bytes: number;
}

/**
 * Joins IP fragments into datagrams (RFC 791 §3.2, RFC 8200 §4.5 — as RFC 815 describes,
 * by filling holes). A datagram is keyed by (version, src, dst, protocol (IPv4 only), id).
 * Fragments may arrive out of order, duplicated or overlapping; the table is bounded in
 * datagrams and bytes, and whatever never completes is reported, never silently dropped.
 */
export class IpDefragmenter {
  readonly stats = { completed: 0, incomplete: 0, duplicates: 0, overlaps: 0, evictedForSpace: 0 };

  private readonly timeoutSec: number;
  private readonly maxDatagrams: number;
  private readonly maxBytes: number;
  /** Insertion order = age order, so the oldest datagram is the first entry. */
  private readonly pending = new Map<string, Pending>();
  private bytes = 0;

  constructor(
    opts: IpDefragmenterOptions = {},
    private readonly onDiagnostic: (d: Diagnostic) => void = () => {},
  ) {
    this.timeoutSec = opts.timeoutSec ?? 30;
    this.maxDatagrams = Math.max(1, opts.maxDatagrams ?? 1024);
    this.maxBytes = Math.max(1, opts.maxBytes ?? 64 * 1024 * 1024);
  }

  /** Datagrams waiting for fragments, and the bytes they hold. */
  get size(): { datagrams: number; bytes: number } {
    return { datagrams: this.pending.size, bytes: this.bytes };
  }

  /** Add a fragment; returns the decoded datagram once this fragment completes it. */
  push(frame: RawFrame, frag: IpFragment): DefragResult | undefined {
    // A fragment the snaplen cut is shorter than it was on the wire. Its true length still
    // places the datagram's end, so the missing tail stays a hole and the datagram is
    // reported incomplete instead of completing short.
    const fragmentEnd = frag.data.byteOffset + frag.data.length;
    const frameEnd = frame.data.byteOffset + frame.data.length;
    const cut = frame.data.buffer === frag.data.buffer && fragmentEnd === frameEnd ? frame.origLen - frame.data.length : 0;
    return this.add(toFrameRef(frame), frame.tsSec, frag, [], Math.max(0, cut));
  }

  /** Report and drop every datagram that has waited longer than the timeout. */
  evict(nowSec: number): void {
    // Age order is arrival order; a capture's clock may step back, so stop at the first
    // young entry rather than scanning the whole table per call (flush catches the rest).
    for (const entry of this.pending.values()) {
      if (nowSec - entry.firstSec <= this.timeoutSec) break;
      this.drop(entry);
      this.stats.incomplete++;
      this.report(entry, 'fragment-incomplete', 'never completed');
    }
  }

  /** End of capture: report every datagram still incomplete. */
  flush(): void {
    for (const entry of this.pending.values()) {
      this.drop(entry);
      this.stats.incomplete++;
      this.report(entry, 'fragment-incomplete', 'never completed');
    }
  }

  private add(ref: FrameRef, tsSec: number, frag: IpFragment, earlier: FrameRef[], cut = 0): DefragResult | undefined {
    const length = frag.data.length + cut;
    if (frag.offset + length > MAX_DATAGRAM_PAYLOAD) {
      this.onDiagnostic({
        code: 'fragment-too-large',
        frame: ref.frame,
        fileOffset: ref.fileOffset,
        message: `${describe(frag.ip, frag.id)}: fragment at offset ${frag.offset} with ${length} bytes ends past 65535; dropped`,
      });
      return undefined;
    }
    const key = datagramKey(frag);
    let entry = this.pending.get(key);
    if (entry === undefined) {
      while (this.pending.size >= this.maxDatagrams) this.evictOldest();
      entry = { key, ip: frag.ip, id: frag.id, firstSec: tsSec, frames: earlier, pieces: [], total: undefined, bytes: 0 };
      this.pending.set(key, entry);
    } else if (earlier.length > 0) {
      entry.frames.push(...earlier);
    }
    entry.frames.push(ref);

    if (!frag.moreFragments) {
      const total = frag.offset + length;
      if (entry.total === undefined) entry.total = total;
      else if (entry.total !== total) {
        this.onDiagnostic({
          code: 'fragment-length-conflict',
          frame: ref.frame,
          fileOffset: ref.fileOffset,
          message: `${describe(frag.ip, frag.id)}: last fragment says ${total} bytes, an earlier one ${entry.total}; keeping ${entry.total}`,
        });
      }
    }

    const added = this.insert(entry, ref, frag);
    if (added > 0) {
      this.bytes += added;
      entry.bytes += added;
      while (this.bytes > this.maxBytes && this.pending.size > 1) this.evictOldest(entry);
    }
    if (!isComplete(entry)) return undefined;

    this.drop(entry);
    this.stats.completed++;
    const payload = assemble(entry);
    const packet = decodeDatagram(entry.ip, payload);
    if (packet.kind === 'fragment') {
      // The rebuilt payload was an IP-in-IP packet that is itself a fragment of an inner
      // datagram; the outer frames all belong to it.
      return this.add(ref, tsSec, packet, entry.frames.slice(0, -1));
    }
    return { packet, frames: entry.frames };
  }

  /**
   * Store the parts of the fragment no earlier fragment covered, copying its bytes (the
   * frame buffer is only a view). First-arrived data wins where fragments overlap, as
   * Windows and BSD do; RFC 5722 says an IPv6 datagram with overlapping fragments must be
   * discarded, but an analyzer should lose nothing, so it is reassembled and the overlap
   * reported (`ip-fragment-overlap`). Returns the bytes added.
   */
  private insert(entry: Pending, ref: FrameRef, frag: IpFragment): number {
    const start = frag.offset;
    const end = start + frag.data.length;
    if (end === start) return 0;
    const copy = Buffer.from(frag.data);
    const pieces = entry.pieces;
    let added = 0;
    let cursor = start;
    let covered = 0;
    let differs = false;
    let i = 0;
    while (i < pieces.length && pieces[i].offset + pieces[i].data.length <= start) i++;
    while (cursor < end) {
      const next = i < pieces.length ? pieces[i] : undefined;
      if (next === undefined || next.offset >= end) {
        pieces.splice(i, 0, { offset: cursor, data: copy.subarray(cursor - start, end - start) });
        added += end - cursor;
        break;
      }
      if (next.offset > cursor) {
        pieces.splice(i, 0, { offset: cursor, data: copy.subarray(cursor - start, next.offset - start) });
        added += next.offset - cursor;
        i++;
        cursor = next.offset;
      }
      const overlapEnd = Math.min(end, next.offset + next.data.length);
      covered += overlapEnd - cursor;
      if (!differs) {
        differs = copy.compare(next.data, cursor - next.offset, overlapEnd - next.offset, cursor - start, overlapEnd - start) !== 0;
      }
      cursor = overlapEnd;
      i++;
    }
    if (covered === 0) return added;
    if (added === 0 && !differs) {
      this.stats.duplicates++;
      return 0;
    }
    this.stats.overlaps++;
    const rule =
      frag.ip.version === 6 ? ' (RFC 5722: IPv6 overlaps are forbidden; reassembled anyway)' : '';
    this.onDiagnostic({
      code: 'ip-fragment-overlap',
      frame: ref.frame,
      fileOffset: ref.fileOffset,
      message:
        `${describe(frag.ip, frag.id)}: fragment bytes ${start}-${end} overlap ${covered} bytes already received` +
        `${differs ? ' with different content; the first-arrived bytes are kept' : ''}${rule}`,
    });
    return added;
  }

  private evictOldest(keep?: Pending): void {
    for (const entry of this.pending.values()) {
      if (entry === keep) continue;
      this.drop(entry);
      this.stats.evictedForSpace++;
      this.report(entry, 'fragment-evicted', 'evicted to make room (fragment table full)');
      return;
    }
  }

  private drop(entry: Pending): void {
    this.pending.delete(entry.key);
    this.bytes -= entry.bytes;
  }

  private report(entry: Pending, code: string, what: string): void {
    const first = entry.frames[0];
    const have = entry.pieces.reduce((n, p) => n + p.data.length, 0);
    const frames = entry.frames.map((f) => f.frame).join(', ');
    this.onDiagnostic({
      code,
      frame: first.frame,
      fileOffset: first.fileOffset,
      message: `${describe(entry.ip, entry.id)}: ${have} of ${entry.total ?? '?'} bytes from frames ${frames} ${what}`,
    });
  }
}

/** RFC 791 §3.2 (src, dst, protocol, id); RFC 8200 §4.5 (src, dst, id). */
function datagramKey(frag: IpFragment): string {
  const ip = frag.ip;
  return ip.version === 4
    ? `4 ${ip.src} ${ip.dst} ${ip.protocol} ${frag.id} ${ip.tunnelDepth}`
    : `6 ${ip.src} ${ip.dst} ${frag.id} ${ip.tunnelDepth}`;
}

function describe(ip: IpHeaderInfo, id: number): string {
  return `IPv${ip.version} datagram ${ip.src}→${ip.dst} id 0x${id.toString(16)}`;
}

function isComplete(entry: Pending): boolean {
  if (entry.total === undefined) return false;
  let reached = 0;
  for (const piece of entry.pieces) {
    if (piece.offset > reached) return false;
    reached = Math.max(reached, piece.offset + piece.data.length);
    if (reached >= entry.total) return true;
  }
  return reached >= entry.total;
}

/** The payload from offset 0 to the total; bytes past the last fragment's end are ignored. */
function assemble(entry: Pending): Buffer {
  const total = entry.total ?? 0;
  const out = Buffer.allocUnsafe(total);
  for (const piece of entry.pieces) {
    if (piece.offset >= total) break;
    piece.data.copy(out, piece.offset, 0, Math.min(piece.data.length, total - piece.offset));
  }
  return out;
}

function toFrameRef(frame: RawFrame): FrameRef {
  return {
    frame: frame.frame,
    tsSec: frame.tsSec,
    tsNsec: frame.tsNsec,
    fileOffset: frame.fileOffset,
    recordLength: frame.recordLength,
  };
}
