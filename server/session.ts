/**
 * Wires the ingest stages for one capture: frames → decode → IP defragmentation → UDP framing
 * or TCP reassembly → SIP parse. Frames are pushed through synchronously; only the capture
 * source is async (STYLE.md "the house in one picture").
 */
import { CaptureError } from './capture/capture-error.js';
import { CaptureReader } from './capture/capture-reader.js';
import { decodeFrame } from './decode/decode-frame.js';
import { IpDefragmenter } from './reassembly/ip-defragmenter.js';
import { TcpReassembler, type FrameVerdict } from './reassembly/tcp-reassembler.js';
import { UdpSipFramer, udpContentLengthCheck } from './reassembly/udp-sip-framer.js';
import { parseSip } from './sip/parse-sip.js';
import { toSipMessage } from './sip/sip-message-record.js';
import { Correlator, type CorrelatorOptions, type MessageLabels } from './correlate/correlator.js';
import type { Call } from './model/correlation.js';
import type { Diagnostic } from './model/diagnostic.js';
import type { FrameRef, RawFrame } from './model/frame.js';
import type { IngestStats } from './model/ingest-stats.js';
import type { SkipReason, TransportPacket } from './model/packet.js';
import type { KeepAlive, ParsedSip, SipMessage } from './model/sip-message.js';
import type { SipSlice, SliceSink } from './model/sip-slice.js';

export interface IngestHandlers {
  message?(msg: SipMessage): void;
  keepAlive?(k: KeepAlive): void;
  diagnostic?(d: Diagnostic): void;
}

export interface IngestOptions {
  /** Chunk size for file reads. */
  chunkSize?: number;
  defrag?: ConstructorParameters<typeof IpDefragmenter>[0];
  tcp?: ConstructorParameters<typeof TcpReassembler>[1];
}

const MAX_SKIP_DETAILS = 3;

/**
 * Messages held back at most, waiting for an older message that a TCP gap or the end of the
 * capture may still release (see IngestSession.release). Past it, the oldest is printed anyway.
 */
const MAX_REORDER_HELD = 20_000;

interface HeldMessage {
  readonly parsed: ParsedSip;
  readonly slice: SipSlice;
}

export function emptyIngestStats(): IngestStats {
  return {
    framesRead: 0,
    framesDecoded: 0,
    udpFrames: 0,
    tcpFrames: 0,
    skipped: {
      'unknown-link-type': 0,
      'not-ip': 0,
      truncated: 0,
      'bad-ip-header': 0,
      'bad-transport-header': 0,
      'other-transport': 0,
      'tunnel-too-deep': 0,
    },
    skippedDetails: {},
    fragments: 0,
    fragmentsNeverCompleted: 0,
    notSip: 0,
    tls: 0,
    tcpRetransmissions: 0,
    tcpGaps: 0,
    tcpBytesMissing: 0,
    sipMessages: 0,
    sipMessagesWithIssues: 0,
    keepAlives: 0,
    bytesRead: 0,
  };
}

function frameRef(f: RawFrame): FrameRef {
  return { frame: f.frame, tsSec: f.tsSec, tsNsec: f.tsNsec, fileOffset: f.fileOffset, recordLength: f.recordLength };
}

/** One analysis of one capture's frames. Feed it frames in capture order, then call finish(). */
export class IngestSession {
  readonly stats: IngestStats = emptyIngestStats();
  private readonly defrag: IpDefragmenter;
  private readonly tcp: TcpReassembler;
  private readonly udp: UdpSipFramer;
  private nextId = 1;
  private lastEvictSec = 0;
  /** Messages waiting to be handed out in frame order; sorted by frame, stable. */
  private held: HeldMessage[] = [];
  private heldStart = 0;
  private currentFrame = 0;

  constructor(private readonly handlers: IngestHandlers = {}, opts: IngestOptions = {}) {
    const sink: SliceSink = {
      message: (slice) => this.onSlice(slice),
      keepAlive: (k) => {
        this.stats.keepAlives++;
        this.handlers.keepAlive?.(k);
      },
      diagnostic: (d) => this.onDiagnostic(d),
    };
    this.defrag = new IpDefragmenter(opts.defrag, (d) => this.onDiagnostic(d));
    this.tcp = new TcpReassembler(sink, opts.tcp);
    this.udp = new UdpSipFramer(sink);
  }

  /** Push one frame through every stage. Never throws on hostile bytes. */
  push(frame: RawFrame): void {
    const stats = this.stats;
    stats.framesRead++;
    this.currentFrame = frame.frame;
    this.pushFrame(frame);
    if (this.held.length > this.heldStart) this.release(false);
  }

  private pushFrame(frame: RawFrame): void {
    const stats = this.stats;
    if (frame.tsSec > this.lastEvictSec) {
      // Timers are driven by capture time, not wall time, so a capture replays identically.
      if (this.lastEvictSec !== 0) {
        this.defrag.evict(frame.tsSec);
        this.tcp.evict(frame.tsSec);
      }
      this.lastEvictSec = frame.tsSec;
    }
    const r = decodeFrame(frame.linkType, frame.data);
    let packet: TransportPacket;
    let frames: readonly FrameRef[];
    if (r.kind === 'skip') {
      this.countSkip(r.reason, r.detail);
      return;
    } else if (r.kind === 'fragment') {
      stats.fragments++;
      const done = this.defrag.push(frame, r);
      if (done === undefined) return;
      if (done.packet.kind === 'skip') {
        this.countSkip(done.packet.reason, done.packet.detail);
        return;
      }
      // The completing frame now stands for the datagram: it is no longer "just a fragment".
      stats.fragments--;
      packet = done.packet;
      frames = done.frames;
    } else {
      packet = r;
      frames = [frameRef(frame)];
    }
    stats.framesDecoded++;
    let verdict: FrameVerdict;
    if (packet.kind === 'udp') {
      stats.udpFrames++;
      verdict = this.udp.push(packet, frames);
    } else {
      stats.tcpFrames++;
      verdict = this.tcp.push(packet, frames);
    }
    if (verdict === 'not-sip') stats.notSip++;
    else if (verdict === 'tls') stats.tls++;
    else if (verdict === 'retransmission') stats.tcpRetransmissions++;
  }

  /** End of capture: flush every table so that nothing buffered is lost, and report what never completed. */
  finish(): IngestStats {
    this.defrag.flush();
    this.tcp.flush();
    this.release(true);
    const d = this.defrag.stats;
    this.stats.fragmentsNeverCompleted = d.incomplete + d.evictedForSpace;
    const t = this.tcp.stats;
    this.stats.tcpGaps = t.gaps;
    this.stats.tcpBytesMissing = t.bytesMissing;
    return this.stats;
  }

  private countSkip(reason: SkipReason, detail: string): void {
    this.stats.skipped[reason]++;
    const list = (this.stats.skippedDetails[reason] ??= []);
    if (list.length < MAX_SKIP_DETAILS && !list.includes(detail)) list.push(detail);
  }

  private onDiagnostic(d: Diagnostic): void {
    this.handlers.diagnostic?.(d);
  }

  private onSlice(input: SipSlice): void {
    let slice = input;
    let parsed = parseSip(slice.bytes);
    if (slice.origin.transport === 'UDP') {
      // RFC 3261 §18.3 on a datagram, once the parser has found Content-Length and the body.
      const check = udpContentLengthCheck(parsed.contentLength, parsed.bodyOffset, parsed.raw.length);
      if (check.note !== undefined) {
        if (check.end < parsed.raw.length) parsed = parseSip(slice.bytes.subarray(0, check.end));
        slice = { bytes: parsed.raw, origin: slice.origin, notes: [...slice.notes, check.note] };
      }
    }
    const frame = slice.origin.frame;
    const held = this.held;
    if (held.length === this.heldStart) {
      // The common case: nothing waiting, and no TCP stream holds bytes of an older frame.
      if (frame >= this.currentFrame && this.tcp.oldestPendingFrame() >= frame) {
        this.emit(parsed, slice);
        return;
      }
      held.push({ parsed, slice });
      return;
    }
    // Insert after every message of the same or an older frame (stable, usually at the end).
    let i = held.length;
    while (i > this.heldStart && held[i - 1].slice.origin.frame > frame) i--;
    held.splice(i, 0, { parsed, slice });
  }

  /**
   * Hands out held messages in frame order. A message is released once no TCP stream holds
   * bytes of an older frame — a gap or the end of the capture can deliver a message whose
   * frame is older than the frame being processed (tshark reports it at the frame where its
   * bytes are, and so do we), and it must not come out after messages of later frames.
   */
  private release(all: boolean): void {
    const held = this.held;
    const watermark = all ? Infinity : Math.min(this.tcp.oldestPendingFrame(), this.currentFrame);
    let i = this.heldStart;
    while (i < held.length && (held[i].slice.origin.frame <= watermark || held.length - i > MAX_REORDER_HELD)) {
      this.emit(held[i].parsed, held[i].slice);
      i++;
    }
    if (i === held.length) {
      this.held = [];
      this.heldStart = 0;
    } else if (i > 1024 && i * 2 > held.length) {
      this.held = held.slice(i);
      this.heldStart = 0;
    } else {
      this.heldStart = i;
    }
  }

  private emit(parsed: ParsedSip, slice: SipSlice): void {
    const msg = toSipMessage(parsed, this.nextId++, slice.origin, slice.notes);
    this.stats.sipMessages++;
    if (parsed.issues.length > 0 || slice.notes.length > 0) this.stats.sipMessagesWithIssues++;
    this.handlers.message?.(msg);
  }
}

export interface IngestResult {
  readonly stats: IngestStats;
  /** Set when the capture could not be read to its end; everything before it was processed. */
  readonly error?: CaptureError;
}

/**
 * Reads a whole capture through a session. When the reader stops on a CaptureError, every
 * frame before the problem has already gone through the pipeline, the tables are flushed, and
 * the error is returned with the stats (not thrown), so nothing decoded before it is lost.
 * I/O errors (no such file, permission) are thrown.
 */
export async function ingestCapture(
  input: string | NodeJS.ReadableStream,
  handlers: IngestHandlers,
  opts: IngestOptions = {},
): Promise<IngestResult> {
  const session = new IngestSession(handlers, opts);
  const reader = CaptureReader.open(input, {
    chunkSize: opts.chunkSize,
    onDiagnostic: (d) => handlers.diagnostic?.(d),
  });
  let error: CaptureError | undefined;
  try {
    for await (const batch of reader.batches()) {
      for (let i = 0; i < batch.length; i++) session.push(batch[i]);
    }
  } catch (e) {
    if (!(e instanceof CaptureError)) throw e;
    error = e;
  }
  session.stats.bytesRead = reader.bytesRead;
  const stats = session.finish();
  return error ? { stats, error } : { stats };
}

export interface AnalysisHandlers extends IngestHandlers {
  /** A call changed (a new or changed version; keep the last one per id). */
  call?(call: Call): void;
  /** Where the correlator put a message (transaction, dialog, call). */
  labels?(msg: SipMessage, labels: MessageLabels): void;
}

export interface AnalysisOptions extends IngestOptions {
  correlate?: CorrelatorOptions;
}

export interface AnalysisResult extends IngestResult {
  readonly correlation: Correlator['stats'];
}

/**
 * Ingest and correlate one capture: every message goes through the correlator in capture
 * order, and calls stream out as they change (issue #3). Correlation timers run on capture
 * time, like the ingest's.
 */
export async function analyzeCapture(
  input: string | NodeJS.ReadableStream,
  handlers: AnalysisHandlers,
  opts: AnalysisOptions = {},
): Promise<AnalysisResult> {
  const correlator = new Correlator({ call: (c) => handlers.call?.(c) }, opts.correlate);
  let lastEvictSec = 0;
  const result = await ingestCapture(
    input,
    {
      keepAlive: handlers.keepAlive,
      diagnostic: handlers.diagnostic,
      message: (m) => {
        const sec = m.origin.tsSec;
        if (sec > lastEvictSec) {
          if (lastEvictSec !== 0) correlator.evict(sec);
          lastEvictSec = sec;
        }
        const labels = correlator.push(m);
        handlers.labels?.(m, labels);
        handlers.message?.(m);
      },
    },
    opts,
  );
  correlator.finish();
  return { ...result, correlation: correlator.stats };
}
