import type { FrameRef } from '../model/frame.js';
import type { Transport } from '../model/packet.js';
import type { Endpoint } from '../model/sip-message.js';
import type { FramingNote, SliceSink } from '../model/sip-slice.js';
import { CL_ABSENT, CL_INVALID, SipHeaderScanner } from './sip-header-scanner.js';
import { NO_NOTES, sliceOrigin } from './sip-slice-origin.js';
import {
  findNextStartLine,
  looksLikeHttp,
  looksLikeTls,
  START_LINE_PARTIAL,
  startLineEnd,
} from './sip-start-line.js';

const CR = 0x0d;
const LF = 0x0a;

/** What a stream has been found to carry. */
export type StreamClass = 'unknown' | 'sip' | 'not-sip' | 'tls';

/** Counters the framer adds to (the TCP reassembler's stats object satisfies this). */
export interface SipStreamCounters {
  keepAlives: number;
  flowsNotSip: number;
  flowsTls: number;
  bytesSkipped: number;
}

export interface SipStreamLimits {
  /** A header section longer than this without its empty line is given up (resync). */
  readonly maxHeaderBytes: number;
  /** A Content-Length above this is not believed: the message ends at the empty line. */
  readonly maxBodyBytes: number;
  /** Bytes searched for a first start line before a stream is called "not SIP". */
  readonly probeBytes: number;
}

export const DEFAULT_STREAM_LIMITS: SipStreamLimits = {
  maxHeaderBytes: 64 * 1024,
  maxBodyBytes: 16 * 1024 * 1024,
  probeBytes: 64 * 1024,
};

/** Why a stream ends, for the `incomplete-at-end` note. */
export type StreamEnd = 'end of capture' | 'connection close (FIN)' | 'connection reset (RST)' | 'flow eviction' | 'new connection';

/**
 *   idle ──start line──▶ headers ──empty line──▶ body ──Content-Length bytes──▶ idle (deliver)
 *    │ CR/LF: keep-alive   │ > maxHeaderBytes: resync                          ▲
 *    │ other bytes ──────▶ hunt ──start line at a line start─────────────────────┘ (via headers)
 *    │ first bytes TLS/HTTP, or nothing SIP within probeBytes ──▶ skip (count bytes only)
 *    gap ──▶ the pending message is delivered truncated; the rest of its body is discarded
 *            when its length is known, then hunt.
 */
type Phase = 'idle' | 'hunt' | 'headers' | 'body' | 'discard' | 'skip';

interface AccChunk {
  /** Offset in `acc` just after this chunk's bytes. */
  end: number;
  readonly frames: readonly FrameRef[];
}

/** Messages up to this size get an exactly sized buffer at once, which is then handed over. */
const EXACT_ALLOC_LIMIT = 256 * 1024;

/**
 * SIP framing on the in-order byte stream of one direction of a TCP connection
 * (RFC 3261 §18.3: the message ends Content-Length bytes after the empty line).
 *
 * Bytes are pushed as views; a message lying wholly inside a pushed chunk is copied out once.
 * Only the incomplete message at the end of a chunk is kept, in `acc` (an owned, growable
 * buffer), with the frames each stretch came from (`accChunks`). A message completed through
 * `acc` is handed over without a further copy when it was the only thing there.
 */
export class SipStreamFramer {
  /** Messages delivered so far. */
  messages = 0;
  /** Keep-alives recorded so far. */
  keepAlives = 0;
  /** Bytes that were not part of any message (skipped, hunted over, discarded). */
  bytesSkipped = 0;
  cls: StreamClass = 'unknown';

  private phase: Phase = 'idle';
  private acc: Buffer | null = null;
  private accLen = 0;
  private accChunks: AccChunk[] = [];
  private readonly scanner = new SipHeaderScanner();
  /** Length of the current message's start line. */
  private startLen = 0;
  /** Total length of the current message once its header section is read. */
  private msgLen = 0;
  private notes: FramingNote[] | null = null;
  /** In hunt: the next byte begins a line. */
  private atLineStart = true;
  /** Bytes hunted over since the last message. */
  private hunted = 0;
  /** The bytes before the current hunt were in sync (a hunt then means a framing error). */
  private wasInSync = false;
  private afterGap = false;
  private discardLeft = 0;
  /** CR/LF run between messages: LF count and the frame it ended in. */
  private runLfs = 0;
  private runBytes = 0;
  private runFrame = 0;

  constructor(
    private readonly sink: SliceSink,
    private readonly src: Endpoint,
    private readonly dst: Endpoint,
    private readonly counters: SipStreamCounters,
    private readonly limits: SipStreamLimits = DEFAULT_STREAM_LIMITS,
    private readonly transport: Transport = 'TCP',
  ) {}

  /** Bytes held for an incomplete message or start line. */
  get buffered(): number {
    return this.accLen;
  }

  /**
   * The first frame of a message that has begun but not completed (headers or body phase),
   * or Infinity. Such a message may later be delivered truncated with this older frame
   * (at a gap or the end of the capture), so output after it must wait (see the session).
   */
  pendingFrame(): number {
    if (this.phase !== 'headers' && this.phase !== 'body') return Infinity;
    const first = this.accChunks[0]?.frames[0];
    return first !== undefined ? first.frame : Infinity;
  }

  /** A message (or a possible start line) is waiting for more bytes. */
  get hasPending(): boolean {
    return this.accLen > 0 || this.phase === 'discard';
  }

  /**
   * The next in-order bytes of the stream. `data` may be a view: what is kept is copied.
   * `frames` are the frames `data` came from; `completing` is the frame being processed now.
   */
  push(data: Buffer, frames: readonly FrameRef[], completing: FrameRef): void {
    const n = data.length;
    if (n === 0) return;
    if (this.phase === 'skip') {
      this.skipped(n);
      return;
    }
    if (this.accLen === 0) {
      this.run(data, 0, n, frames, completing, false);
    } else if (this.phase === 'body') {
      // Fast path for a message spread over segments: take just what it lacks.
      const need = this.msgLen - this.accLen;
      const take = n < need ? n : need;
      this.append(data, 0, take, frames);
      if (take < need) return;
      this.deliverAcc(completing);
      if (take < n) this.run(data, take, n, frames, completing, false);
    } else {
      this.append(data, 0, n, frames);
      const acc = this.acc as Buffer;
      this.run(acc, 0, this.accLen, frames, completing, true);
    }
    this.endRun();
  }

  /**
   * `missing` bytes of the stream will never arrive. The message in progress is delivered as far
   * as it goes (note `gap-truncated`); framing resumes at the next start line after the hole.
   */
  gap(missing: number, completing: FrameRef): void {
    this.endRun();
    this.afterGap = true;
    this.wasInSync = false;
    switch (this.phase) {
      case 'skip':
        return;
      case 'headers':
      case 'body': {
        const known = this.phase === 'body';
        const rest = known ? this.msgLen - this.accLen : 0;
        const cause = missing > 0 ? `a TCP gap of ${missing} bytes` : 'a TCP sequence jump';
        this.deliverPartial(
          'gap-truncated',
          known
            ? `message truncated by ${cause}: ${this.accLen} of ${this.msgLen} bytes present`
            : `message truncated by ${cause} inside its header section (${this.accLen} bytes present)`,
          completing,
        );
        if (known && missing > 0 && rest > missing) {
          // The bytes after the hole still belong to this message: skip exactly those.
          this.phase = 'discard';
          this.discardLeft = rest - missing;
          return;
        }
        break;
      }
      case 'discard':
        if (this.discardLeft > missing) {
          this.discardLeft -= missing;
          return;
        }
        this.discardLeft = 0;
        break;
      default:
        this.dropAcc();
    }
    this.phase = 'hunt';
    this.atLineStart = true;
  }

  /**
   * The stream ends. A message still in progress is delivered with the note
   * `incomplete-at-end` so that nothing is lost; the framer is then back at its initial state.
   */
  end(why: StreamEnd): void {
    this.endRun();
    if (this.phase === 'headers' || this.phase === 'body') {
      const first = this.accChunks.length > 0 && this.accChunks[0].frames.length > 0 ? this.accChunks[0].frames[0].frame : 0;
      const have = this.accLen;
      const text =
        this.phase === 'body'
          ? `message from frame ${first} incomplete at ${why}: ${have} of ${this.msgLen} bytes`
          : `message from frame ${first} incomplete at ${why}: ${have} bytes, header section not terminated`;
      const last = this.accChunks[this.accChunks.length - 1].frames;
      this.deliverPartial('incomplete-at-end', text, last[last.length - 1]);
    } else if (this.accLen > 0) {
      const f = this.accChunks[0].frames;
      const frame = f.length > 0 ? f[0].frame : 0;
      this.sink.diagnostic({
        code: 'tcp-partial-message',
        frame,
        message: `${this.accLen} bytes from frame ${frame} at ${why} (${this.flowName()}) do not complete a SIP start line`,
      });
      this.dropAcc();
    }
    if (this.phase !== 'skip') {
      this.phase = 'idle';
      this.cls = 'unknown';
    }
    this.atLineStart = true;
    this.hunted = 0;
    this.wasInSync = false;
    this.afterGap = false;
    this.discardLeft = 0;
    this.notes = null;
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Frames `buf[pos, end)`. In `inAcc` mode `buf` is `acc` and the pending unit starts at `pos`
   * (0); otherwise `buf` is the pushed view. A unit that cannot be finished is stashed.
   */
  private run(buf: Buffer, pos: number, end: number, frames: readonly FrameRef[], completing: FrameRef, inAcc: boolean): void {
    while (pos < end) {
      switch (this.phase) {
        case 'idle': {
          const c = buf[pos];
          if (c === CR || c === LF) {
            // RFC 3261 §7.5: CRLFs before a start line are ignored; RFC 5626 §3.5.1 gives them
            // meaning as keep-alives (CRLFCRLF ping, CRLF pong).
            if (c === LF) this.runLfs++;
            this.runBytes++;
            this.runFrame = frames[frames.length - 1].frame;
            pos++;
            continue;
          }
          this.endRun();
          const r = startLineEnd(buf, pos, end);
          if (r >= 0) {
            this.beginMessage(pos, r, frames);
            continue;
          }
          if (r === START_LINE_PARTIAL) {
            this.stash(buf, pos, end, frames, inAcc);
            return;
          }
          if (this.cls === 'unknown' && this.classify(buf, pos, end)) {
            this.skipped(end - pos);
            this.dropAcc();
            return;
          }
          this.wasInSync = this.messages > 0 && !this.afterGap && this.hunted === 0;
          this.phase = 'hunt';
          this.atLineStart = true;
          continue;
        }
        case 'hunt': {
          if (!this.atLineStart) {
            const lf = buf.indexOf(LF, pos);
            if (lf < 0 || lf >= end) {
              this.hunt(end - pos);
              pos = end;
              break;
            }
            this.hunt(lf + 1 - pos);
            pos = lf + 1;
            this.atLineStart = true;
            if (this.phase !== 'hunt') break;
          }
          const p = findNextStartLine(buf, pos, end);
          if (p < 0) {
            this.atLineStart = buf[end - 1] === LF;
            this.hunt(end - pos);
            pos = end;
            break;
          }
          this.hunt(p - pos);
          pos = p;
          if (this.phase !== 'hunt') break;
          const r = startLineEnd(buf, p, end);
          if (r === START_LINE_PARTIAL) {
            this.stash(buf, p, end, frames, inAcc);
            return;
          }
          this.beginMessage(p, r, frames);
          continue;
        }
        case 'headers': {
          const headersEnd = this.scanner.scan(buf, end);
          if (headersEnd < 0) {
            if (end - pos > this.limits.maxHeaderBytes) {
              this.headersTooLong(pos, end, frames);
              pos += this.startLen;
              continue;
            }
            this.stash(buf, pos, end, frames, inAcc);
            return;
          }
          this.msgLen = this.messageLength(headersEnd - pos);
          this.phase = 'body';
          continue;
        }
        case 'body': {
          if (end - pos < this.msgLen) {
            this.stash(buf, pos, end, frames, inAcc);
            return;
          }
          this.deliver(buf, pos, pos + this.msgLen, frames, completing, inAcc);
          pos += this.msgLen;
          continue;
        }
        case 'discard': {
          const n = Math.min(this.discardLeft, end - pos);
          this.skipped(n);
          this.discardLeft -= n;
          pos += n;
          if (this.discardLeft === 0) {
            this.phase = 'hunt';
            this.atLineStart = true;
          }
          continue;
        }
        case 'skip':
          this.skipped(end - pos);
          pos = end;
          break;
      }
    }
    // Everything up to `end` is consumed.
    if (inAcc) this.dropAcc();
  }

  /**
   * First bytes of a stream that are not a SIP start line: TLS and HTTP are recognised at once;
   * anything else is searched for a start line (a capture may start mid-connection).
   */
  private classify(buf: Buffer, pos: number, end: number): boolean {
    if (looksLikeTls(buf.subarray(pos, end), 0)) {
      this.cls = 'tls';
      this.counters.flowsTls++;
    } else if (this.messages === 0 && this.hunted === 0 && looksLikeHttp(buf, pos, end)) {
      this.cls = 'not-sip';
      this.counters.flowsNotSip++;
    } else {
      return false;
    }
    this.phase = 'skip';
    return true;
  }

  /** Counts `n` bytes hunted over; a never-SIP stream is given up after `probeBytes`. */
  private hunt(n: number): void {
    this.hunted += n;
    this.skipped(n);
    if (this.cls === 'unknown' && this.messages === 0 && this.hunted > this.limits.probeBytes) {
      this.cls = 'not-sip';
      this.counters.flowsNotSip++;
      this.phase = 'skip';
    }
  }

  private skipped(n: number): void {
    this.bytesSkipped += n;
    this.counters.bytesSkipped += n;
  }

  private beginMessage(pos: number, lineEnd: number, frames: readonly FrameRef[]): void {
    if (this.hunted > 0) {
      this.note(
        'skipped-bytes',
        `${this.hunted} bytes before this message were skipped (no SIP start line)${this.wasInSync ? ' after the previous message' : ''}`,
      );
      if (this.wasInSync) {
        this.sink.diagnostic({
          code: 'sip-stream-resync',
          frame: frames[frames.length - 1].frame,
          message: `${this.hunted} bytes between SIP messages on ${this.flowName()} are not SIP (wrong Content-Length?)`,
        });
      }
      this.hunted = 0;
    }
    if (this.afterGap) {
      this.note('after-gap', 'first message after a TCP gap');
      this.afterGap = false;
    }
    this.wasInSync = false;
    // A start line is enough to call the stream SIP (no more probing for "not SIP").
    if (this.cls === 'unknown') this.cls = 'sip';
    this.phase = 'headers';
    this.startLen = lineEnd - pos;
    this.scanner.reset(lineEnd);
  }

  /** Total message length once the header section (`headerLen` bytes) is known. */
  private messageLength(headerLen: number): number {
    const cl = this.scanner.contentLength;
    if (this.scanner.conflict) this.note('cl-conflict', 'several Content-Length headers disagree; the first was used');
    if (cl === CL_ABSENT) {
      // RFC 3261 §18.3 / §20.14: Content-Length is mandatory on stream transports.
      this.note('cl-missing-stream', 'no Content-Length on a stream transport; the message was ended at the empty line');
      return headerLen;
    }
    if (cl === CL_INVALID) {
      this.note('cl-invalid', 'Content-Length is not a number; the message was ended at the empty line');
      return headerLen;
    }
    if (cl > this.limits.maxBodyBytes) {
      this.note(
        'cl-too-large',
        `Content-Length ${cl} exceeds the ${this.limits.maxBodyBytes}-byte bound; the message was ended at the empty line`,
      );
      return headerLen;
    }
    return headerLen + cl;
  }

  private headersTooLong(pos: number, end: number, frames: readonly FrameRef[]): void {
    this.sink.diagnostic({
      code: 'sip-headers-too-long',
      frame: frames[frames.length - 1].frame,
      message: `no end of header section within ${end - pos} bytes on ${this.flowName()}; searching for the next start line`,
    });
    this.notes = null;
    this.phase = 'hunt';
    this.atLineStart = true;
    this.hunt(this.startLen);
  }

  private note(code: string, message: string): void {
    (this.notes ??= []).push({ code, message });
  }

  /** Records the CR/LF run that just ended, if any, as a keep-alive. */
  private endRun(): void {
    if (this.runBytes === 0) return;
    const lfs = this.runLfs;
    this.runBytes = 0;
    this.runLfs = 0;
    if (lfs === 0) return;
    this.keepAlives++;
    this.counters.keepAlives++;
    this.sink.keepAlive({ kind: lfs >= 2 ? 'ping' : 'pong', frame: this.runFrame, src: this.src, dst: this.dst, transport: this.transport });
  }

  // --- delivery ----------------------------------------------------------------------------------

  private deliver(buf: Buffer, s: number, e: number, frames: readonly FrameRef[], completing: FrameRef, inAcc: boolean): void {
    // Ownership boundary: the slice owns its bytes.
    const bytes = Buffer.allocUnsafe(e - s);
    buf.copy(bytes, 0, s, e);
    this.emit(bytes, inAcc ? this.accFrames(s, e) : frames.slice(), completing);
  }

  /** The message is exactly acc[0, msgLen): hand the buffer over. */
  private deliverAcc(completing: FrameRef): void {
    const acc = this.acc as Buffer;
    const bytes = acc.length === this.msgLen ? acc : Buffer.from(acc.subarray(0, this.msgLen));
    const frames = this.accFrames(0, this.msgLen);
    this.acc = null;
    this.accLen = 0;
    this.accChunks = [];
    this.emit(bytes, frames, completing);
  }

  private deliverPartial(code: string, text: string, completing: FrameRef): void {
    this.note(code, text);
    const n = this.accLen;
    const bytes = Buffer.allocUnsafe(n);
    (this.acc as Buffer).copy(bytes, 0, 0, n);
    const frames = this.accFrames(0, n);
    this.dropAcc();
    this.emit(bytes, frames, completing);
  }

  private emit(bytes: Buffer, frames: readonly FrameRef[], completing: FrameRef): void {
    const notes = this.notes ?? NO_NOTES;
    this.notes = null;
    this.phase = 'idle';
    this.messages++;
    if (this.cls === 'unknown') this.cls = 'sip';
    this.sink.message({ bytes, origin: sliceOrigin(completing, this.src, this.dst, this.transport, frames), notes });
  }

  // --- the pending-unit buffer -------------------------------------------------------------------

  /**
   * Keeps `buf[s, end)`, the start of an unfinished unit, so that it begins at acc[0].
   * In acc mode this is a move within acc; otherwise a copy out of the pushed view.
   */
  private stash(buf: Buffer, s: number, end: number, frames: readonly FrameRef[], inAcc: boolean): void {
    const n = end - s;
    const want = this.phase === 'body' && this.msgLen <= EXACT_ALLOC_LIMIT ? this.msgLen : Math.max(n * 2, 2048);
    if (inAcc) {
      let acc = this.acc as Buffer;
      if (this.phase === 'body' && acc.length !== want && this.msgLen <= EXACT_ALLOC_LIMIT) {
        const exact = Buffer.allocUnsafe(want);
        acc.copy(exact, 0, s, end);
        this.acc = acc = exact;
      } else if (s > 0) {
        acc.copyWithin(0, s, end);
      }
      this.accLen = n;
      const chunks = this.accChunks;
      let k = 0;
      for (const c of chunks) {
        c.end -= s;
        if (c.end > 0) chunks[k++] = c;
      }
      chunks.length = k;
    } else {
      const acc = Buffer.allocUnsafe(Math.max(want, n));
      buf.copy(acc, 0, s, end);
      this.acc = acc;
      this.accLen = n;
      this.accChunks = [{ end: n, frames: frames.slice() }];
    }
    this.scanner.rebase(-s);
  }

  private append(data: Buffer, s: number, e: number, frames: readonly FrameRef[]): void {
    const n = e - s;
    let acc = this.acc as Buffer;
    const need = this.accLen + n;
    if (need > acc.length) {
      const exact = this.phase === 'body' && this.msgLen <= EXACT_ALLOC_LIMIT && need <= this.msgLen;
      const grown = Buffer.allocUnsafe(exact ? this.msgLen : Math.max(need, acc.length * 2));
      acc.copy(grown, 0, 0, this.accLen);
      this.acc = acc = grown;
    }
    data.copy(acc, this.accLen, s, e);
    this.accLen = need;
    this.accChunks.push({ end: need, frames: frames.slice() });
  }

  private dropAcc(): void {
    this.acc = null;
    this.accLen = 0;
    this.accChunks = [];
  }

  /** Frames of the chunks overlapping acc[s, e), deduplicated, in capture order. */
  private accFrames(s: number, e: number): FrameRef[] {
    const out: FrameRef[] = [];
    let start = 0;
    let sorted = true;
    for (const c of this.accChunks) {
      if (c.end > s && start < e) {
        for (const f of c.frames) {
          const last = out.length > 0 ? out[out.length - 1] : undefined;
          if (last !== undefined && last.frame === f.frame) continue;
          if (last !== undefined && last.frame > f.frame) sorted = false;
          out.push(f);
        }
      }
      start = c.end;
      if (start >= e) break;
    }
    if (!sorted) {
      out.sort((a, b) => a.frame - b.frame);
      let k = 0;
      for (let i = 0; i < out.length; i++) if (k === 0 || out[k - 1].frame !== out[i].frame) out[k++] = out[i];
      out.length = k;
    }
    return out;
  }

  private flowName(): string {
    return `${this.src.ip}:${this.src.port} → ${this.dst.ip}:${this.dst.port}`;
  }
}
